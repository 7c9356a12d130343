/**
 * Checks a parsed JUnit document against the structure of the common JUnit XML schema
 * (the "Jenkins" junit.xsd that CI servers read): which elements may contain which, which
 * attributes each may carry, which are required, and that counts are whole numbers and
 * times are decimals. Returns every problem found, as `path: message` lines.
 */
const SCHEMA: Record<
  string,
  { attrs: readonly string[]; required: readonly string[]; children: readonly string[]; text?: boolean }
> = {
  testsuites: {
    attrs: ['name', 'time', 'tests', 'failures', 'errors', 'disabled', 'skipped', 'timestamp'],
    required: [],
    children: ['testsuite'],
  },
  testsuite: {
    attrs: [
      'name',
      'tests',
      'failures',
      'errors',
      'time',
      'disabled',
      'skipped',
      'skips',
      'timestamp',
      'hostname',
      'id',
      'package',
      'file',
      'log',
      'url',
      'version',
    ],
    required: ['name', 'tests'],
    children: ['properties', 'testcase', 'system-out', 'system-err'],
  },
  properties: { attrs: [], required: [], children: ['property'] },
  property: { attrs: ['name', 'value'], required: ['name', 'value'], children: [] },
  testcase: {
    attrs: ['name', 'classname', 'assertions', 'time', 'status', 'file', 'line', 'group'],
    required: ['name'],
    children: ['skipped', 'error', 'failure', 'system-out', 'system-err'],
  },
  skipped: { attrs: ['message'], required: [], children: [], text: true },
  error: { attrs: ['message', 'type'], required: [], children: [], text: true },
  failure: { attrs: ['message', 'type'], required: [], children: [], text: true },
  'system-out': { attrs: [], required: [], children: [], text: true },
  'system-err': { attrs: [], required: [], children: [], text: true },
};

const INTEGER = new Set(['tests', 'failures', 'errors', 'disabled', 'skipped', 'skips', 'assertions']);

/** `doc` as fast-xml-parser gives it with `ignoreAttributes: false, attributeNamePrefix: '@'`. */
export function junitSchemaProblems(doc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?'));
  if (roots.length !== 1 || roots[0] !== 'testsuites')
    problems.push(`root: expected <testsuites>, got ${roots.join(', ')}`);
  const visit = (name: string, node: unknown, path: string) => {
    const rule = SCHEMA[name];
    if (!rule) {
      problems.push(`${path}: <${name}> is not a JUnit element`);
      return;
    }
    for (const item of Array.isArray(node) ? node : [node]) {
      if (item === null || typeof item !== 'object') {
        if (!rule.text && item !== '') problems.push(`${path}: <${name}> may not hold text`);
        continue;
      }
      const record = item as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (key.startsWith('@')) {
          const attr = key.slice(1);
          if (!rule.attrs.includes(attr)) problems.push(`${path}: attribute ${attr} is not allowed on <${name}>`);
          else if (INTEGER.has(attr) && !/^\d+$/.test(String(record[key])))
            problems.push(`${path}@${attr}: not a whole number`);
          else if (attr === 'time' && !/^\d+(\.\d+)?$/.test(String(record[key])))
            problems.push(`${path}@time: not a decimal`);
        } else if (key === '#text') {
          if (!rule.text) problems.push(`${path}: <${name}> may not hold text`);
        } else if (!rule.children.includes(key)) {
          problems.push(`${path}: <${key}> may not appear inside <${name}>`);
        } else {
          visit(key, record[key], `${path}/${key}`);
        }
      }
      for (const attr of rule.required)
        if (!(`@${attr}` in record)) problems.push(`${path}: <${name}> needs the ${attr} attribute`);
    }
  };
  if (roots[0] === 'testsuites') visit('testsuites', doc.testsuites, 'testsuites');
  return problems;
}

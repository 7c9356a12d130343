import { pathToFileURL } from 'node:url';

/**
 * Imports a user's module (an eval file, a target, a grader, a dataset module) and returns its
 * exports. TypeScript (`.ts`, `.mts`, `.cts`) goes through tsx, so it needs no build step.
 *
 * Why the unwrapping: in a project whose package.json says `"type": "commonjs"` (what
 * `npm init -y` writes), tsx compiles a `.ts` file to CommonJS, and importing it yields
 * `{ default: module.exports }`, where `module.exports` carries the real exports and an
 * `__esModule` marker. Unwrapped, `export default …` reads the same in CommonJS and ESM projects.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  let namespace: Record<string, unknown>;
  if (/\.(c|m)?tsx?$/i.test(path)) {
    const { tsImport } = await import('tsx/esm/api');
    namespace = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  } else {
    namespace = (await import(url)) as Record<string, unknown>;
  }
  return unwrapCommonJs(namespace);
}

/** `{ default: { __esModule: true, default: x, y } }` → `{ default: x, y }`; anything else unchanged. */
export function unwrapCommonJs(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace.default;
  if (inner === null || typeof inner !== 'object' || (inner as { __esModule?: unknown }).__esModule !== true) {
    return namespace;
  }
  const exports: Record<string, unknown> = {};
  for (const key of Object.keys(inner)) {
    if (key !== '__esModule') exports[key] = (inner as Record<string, unknown>)[key];
  }
  return exports;
}

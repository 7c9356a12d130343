import { AssayError, type Issue } from '../../core/errors.js';
import { contentHash } from '../../core/hash.js';
import { withLazySignal } from '../../core/lazy-signal.js';
import type { Case, TargetFingerprint } from '../../core/types.js';
import { toTargetOutput } from '../output/to-target-output.js';
import type { Target, TargetEnvironment } from '../target.js';
import { lookup, renderTemplate, templateProblems } from '../template/prompt-template.js';
import { resolveResponseCache } from '../transport/resolve-response-cache.js';
import { describeUrl, HttpTransport } from '../transport/http-transport.js';
import type { HttpTargetConfig } from './http-config.js';

const WHOLE_PLACEHOLDER = /^\{\{\s*([^{}]+?)\s*\}\}$/;

/**
 * A generic JSON endpoint as the target, through the shared transport (retries, rate limit,
 * timeouts, optional cache).
 *
 * @example
 * createHttpTarget({ type: 'http', url: 'http://127.0.0.1:3000/answer', body: { question: '{{input}}' }, outputPath: 'answer' }, env)
 */
export function createHttpTarget(config: HttpTargetConfig, environment: TargetEnvironment): Target {
  validate(config);
  const name = config.name ?? `http:${describeUrl(config.url)}`;
  const transport = new HttpTransport({
    name,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    rateLimit: config.rateLimit,
    pacer: environment.pacing?.(`${name}@${describeUrl(config.url)}`, config.rateLimit),
    cache: config.cache === true ? resolveResponseCache(environment, config.cacheDir) : null,
  });
  const headers: Record<string, string> = {};
  const secretHeaders: Record<string, string> = {};
  for (const [header, value] of Object.entries(config.headers ?? {})) {
    if (/\{\{\s*env\./.test(value))
      secretHeaders[header] = renderTemplate(
        value,
        { id: '', input: '', slice: '', metadata: {}, weight: 1 },
        environment.env,
      );
    else headers[header] = value;
  }
  const fingerprint: TargetFingerprint = Object.freeze({
    kind: 'http',
    name,
    promptHash: contentHash(config.body ?? null),
    params: {
      url: describeUrl(config.url),
      method: config.method ?? 'POST',
      outputPath: config.outputPath,
      headers: Object.keys(headers).sort(),
    },
  });
  return {
    name,
    fingerprint: () => fingerprint,
    async call(testCase, ctx) {
      const body = config.body === undefined ? { input: testCase.input } : renderJson(config.body, testCase);
      const result = await transport.send(
        { url: config.url, method: config.method ?? 'POST', headers, secretHeaders, body },
        // The signal is passed on unread (see TransportCallOptions.onStop).
        withLazySignal(
          { cache: ctx.useCache && config.cache === true, cacheVariant: ctx.repeat, onStop: ctx.onStop },
          () => ctx.signal,
        ),
        (reply) => (config.outputPath === undefined ? reply : pick(reply, config.outputPath)),
      );
      const output = toTargetOutput(result.value);
      return { ...output, latencyMs: Math.round(result.latencyMs * 10) / 10, cached: result.cached };
    },
  };
}

function renderJson(template: unknown, testCase: Case): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(template);
    return whole ? lookup(whole[1], testCase) : renderTemplate(template, testCase);
  }
  if (Array.isArray(template)) return template.map((t) => renderJson(t, testCase));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderJson(v, testCase)]));
  }
  return template;
}

/** `choices.0.message.content` → reply.choices[0].message.content, or a message naming the missing step. */
function pick(reply: unknown, path: string): unknown {
  let value = reply;
  const done: string[] = [];
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) {
      throw new Error(`outputPath '${path}' found nothing at '${[...done, key].join('.')}'`);
    }
    value = (value as Record<string, unknown>)[key];
    done.push(key);
  }
  return value;
}

function validate(config: HttpTargetConfig): void {
  const issues: Issue[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string')
      for (const message of templateProblems(value)) issues.push({ code: 'invalid_value', path, message });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}.${i}`));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  walk(config.body, 'target.body');
  for (const [header, value] of Object.entries(config.headers ?? {})) {
    for (const message of templateProblems(value, { allowEnv: true }))
      issues.push({ code: 'invalid_value', path: `target.headers.${header}`, message });
  }
  if (issues.length > 0) {
    throw new AssayError('TARGET_CONFIG_INVALID', 'The http target has invalid templates.', {
      issues,
      hint: 'The body may use {{input}}, {{expected}}, {{metadata.NAME}}; headers may also read {{env.NAME}}.',
    });
  }
}

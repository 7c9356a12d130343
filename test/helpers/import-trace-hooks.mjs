// The module hook of import-trace.mjs (it runs on the loader thread).
import { appendFileSync } from 'node:fs';

let out = '';

export function initialize(data) {
  out = data.out;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  appendFileSync(out, `${url}\n`);
  return result;
}

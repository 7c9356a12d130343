// Preload (`node --import <this file>`) that records every module the process loads, one URL a
// line, in the file named by $ASSAY_IMPORT_TRACE: ES modules and CommonJS entry points through a
// module hook, and every CommonJS file from the require cache at exit.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const out = process.env.ASSAY_IMPORT_TRACE;
if (out) {
  register('./import-trace-hooks.mjs', import.meta.url, { data: { out } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const files = Object.keys(cache).map((file) => pathToFileURL(file).href);
    if (files.length > 0) appendFileSync(out, `${files.join('\n')}\n`);
  });
}

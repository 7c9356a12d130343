#!/usr/bin/env node
// The CLI as built: dist/bundle/ (scripts/bundle-cli.mjs), the compiled modules bundled with
// code splitting, so a start loads a few files instead of hundreds.
import module from 'node:module';

// Node 22.1 and later can keep the compiled code of the bundle between runs, in Node's own cache
// folder (NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has no such cache. Turned on before
// the bundle is imported, so that the bundle is covered.
module.enableCompileCache?.();
const { exitWhenFlushed, main } = await import('../dist/bundle/assay-cli.js');

exitWhenFlushed(await main(process.argv.slice(2)));

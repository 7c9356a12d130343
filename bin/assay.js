#!/usr/bin/env node
// The CLI as built: dist/bundle/ (scripts/bundle-cli.mjs), the compiled modules bundled with
// code splitting, so a start loads a few files instead of hundreds.
import { exitWhenFlushed, main } from '../dist/bundle/assay-cli.js';

exitWhenFlushed(await main(process.argv.slice(2)));

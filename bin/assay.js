#!/usr/bin/env node
import { exitWhenFlushed, main } from '../dist/cli/main.js';

exitWhenFlushed(await main(process.argv.slice(2)));

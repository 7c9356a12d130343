// Runs the CLI from source (through tsx), for end-to-end tests and development.
import { exitWhenFlushed } from './exit.js';
import { main } from './program.js';

exitWhenFlushed(await main(process.argv.slice(2)));

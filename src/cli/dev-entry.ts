// Runs the CLI from source (through tsx), for end-to-end tests and development.
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2));

export { main, createProgram } from './program.js';
export { exitWhenFlushed } from './exit.js';

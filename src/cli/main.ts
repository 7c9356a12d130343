export { main, createProgram } from './program.js';

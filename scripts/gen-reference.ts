/**
 * Writes docs/reference.md from the option schemas: `npm run docs:reference`.
 * `scripts/gen-reference.test.ts` fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { loadAllSchemas } from './reference/load-schemas.js';
import { renderReference } from './reference/render-reference.js';

export const REFERENCE_PATH = new URL('../docs/reference.md', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  await loadAllSchemas();
  writeFileSync(REFERENCE_PATH, renderReference());
  console.log('Wrote docs/reference.md');
}

/**
 * Vector checker: `npm run stats:vectors -- <file.json>`.
 * Prints one line per failing case field and ends with "N passed, M failed"; exits 1 on any
 * failure (2 on a usage or read error).
 */
import { readFileSync } from 'node:fs';
import { checkVectors } from '../src/stats/vectors/check-vectors.js';

function main(argv: string[]): number {
  const file = argv[0];
  if (!file) {
    console.error('usage: npm run stats:vectors -- <vectors.json>');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  let report;
  try {
    report = checkVectors(text);
  } catch (error) {
    console.error(`cannot check ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  for (const line of report.lines) console.log(line);
  return report.failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));

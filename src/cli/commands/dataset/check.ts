import type { Command } from 'commander';
import { basename } from 'node:path';
import { checkDataset, markContamination } from '../../../datasets/check/check-dataset.js';
import { formatCheckReport } from '../../../datasets/check/format-check-report.js';
import { assertCorpusFile, loadCorpusTexts, streamCorpus } from '../../../datasets/check/load-corpus.js';
import { loadDataset } from '../../../datasets/load-dataset.js';
import { writeCasesJsonl } from '../../../datasets/write-cases-jsonl.js';
import { collect, parsePositiveInt, parseShare, printJson, withStoreOption } from '../../shared.js';
import { loadDatasetRef } from './dataset-ref.js';

interface CheckFlags {
  against: string[];
  splits: string[];
  prompts: string[];
  ngram: number;
  minOverlap: number;
  commonTexts: number;
  nearDupThreshold: number;
  write?: string;
  strict?: boolean;
  json?: boolean;
  store?: string;
}

export function registerCheck(dataset: Command): void {
  withStoreOption(
    dataset
      .command('check <dataset>')
      .description('contamination, duplicates (also across splits), label leakage and balance of an eval set')
      .option(
        '--against <corpus...>',
        'reference corpora: fine-tuning data, few-shot examples, prompts, RAG documents',
        collect,
        [],
      )
      .option('--splits <file...>', 'other splits (train, dev) to find duplicates across', collect, [])
      .option(
        '--prompts <file...>',
        'system prompts or few-shot files the expected answers must not appear in',
        collect,
        [],
      )
      .option(
        '--ngram <n>',
        'word n-gram length of the contamination overlap check (exact and whole-text copies are found at any length)',
        parsePositiveInt('--ngram'),
        5,
      )
      .option(
        '--min-overlap <share>',
        "share of a case's n-grams found in a corpus at which it counts as contaminated",
        parseShare('--min-overlap', { aboveZero: true }),
        0.5,
      )
      .option(
        '--common-texts <n>',
        'an n-gram in this many corpus texts or more is a stock phrase, left out of the overlap',
        parsePositiveInt('--common-texts'),
        10,
      )
      .option(
        '--near-dup-threshold <j>',
        'Jaccard similarity for near-duplicates',
        parseShare('--near-dup-threshold', { aboveZero: true }),
        0.8,
      )
      .option(
        '--write <file>',
        'write the cases with metadata.contamination = clean | contaminated, a segment for run summaries',
      )
      .option('--strict', 'exit 1 when contamination, duplicates or leakage are found')
      .option(
        '--json',
        'print { contaminated: [{ caseId, corpus, field, method, overlap, match, line, position }], unchecked: [{ caseId, field, reason }], duplicates: [[caseId, caseId]], leakage: [{ caseId, kind, detail }], warnings, … }',
      ),
  ).action(async (ref: string, f: CheckFlags) => {
    const ds = await loadDatasetRef(ref, f);
    for (const p of f.against) await assertCorpusFile(p);
    const corpora = f.against.map((p) => ({ name: p, texts: streamCorpus(p) }));
    const prompts = await Promise.all(
      f.prompts.map(async (p) => ({ name: p, text: (await loadCorpusTexts(p)).join('\n') })),
    );
    const splits = await Promise.all(
      f.splits.map(async (p) => ({
        name: basename(p).replace(/\.[^.]+$/, ''),
        cases: (await loadDataset(p, { baseDir: process.cwd() })).cases,
      })),
    );
    const report = await checkDataset(ds, {
      corpora,
      splits,
      prompts,
      ngram: f.ngram,
      minOverlap: f.minOverlap,
      commonTexts: f.commonTexts,
      nearDuplicateThreshold: f.nearDupThreshold,
    });
    if (f.write) await writeCasesJsonl(f.write, markContamination(ds.cases, report.contaminated));
    if (f.json) printJson(report);
    else process.stdout.write(formatCheckReport(report));
    if (f.strict && report.contaminated.length + report.duplicates.length + report.leakage.length > 0)
      process.exitCode = 1;
  });
}

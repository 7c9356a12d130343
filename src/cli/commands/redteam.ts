import type { Command } from 'commander';
import { loadDataset } from '../../datasets/load-dataset.js';
import { writeCasesJsonl } from '../../datasets/write-cases-jsonl.js';
import { mutateAttacks, parseAttackerSpec } from '../../redteam/attacker.js';
import { ATTACK_FAMILIES } from '../../redteam/families/index.js';
import { generateAttacks } from '../../redteam/generate-attacks.js';
import { selectAttacks } from '../../redteam/select-attacks.js';
import { createChatModel } from '../../targets/create-chat-model.js';
import { collectList, parsePositiveInt, parseSeed, printJson } from '../shared.js';

interface GenerateFlags {
  from: string;
  attacks: string[];
  perCase: number;
  seed: number;
  out: string;
  attacker?: string;
  concurrency: number;
  json?: boolean;
}

/** `assay redteam generate|list`: attack cases from seed cases, offline. */
export function registerRedteamCommand(program: Command): void {
  const redteam = program.command('redteam').description('make red-team attack cases from an eval set');
  redteam
    .command('list')
    .description('show the attack families and their techniques')
    .option('--json', 'print the families as JSON')
    .action((f: { json?: boolean }) => {
      const families = ATTACK_FAMILIES.map((fam) => ({
        name: fam.name,
        description: fam.description,
        techniques: fam.techniques.map((t) => ({ name: t.name, description: t.description })),
      }));
      if (f.json) return printJson({ families });
      const lines: string[] = [];
      const width = Math.max(
        ...families.flatMap((fam) => fam.techniques.map((t) => fam.name.length + t.name.length + 1)),
      );
      for (const fam of families) {
        lines.push(`${fam.name} — ${fam.description}`);
        for (const t of fam.techniques) lines.push(`  ${`${fam.name}/${t.name}`.padEnd(width)}  ${t.description}`);
      }
      lines.push('', 'Select with --attacks family or family/technique, comma-separated (default: all).');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  redteam
    .command('generate')
    .description('write attack cases (slice adversarial) built from seed cases, deterministic for a seed')
    .requiredOption('--from <file>', 'seed cases (JSONL, CSV, YAML or JSON)')
    .option('--attacks <list>', 'families or family/technique, comma-separated (default: all)', collectList, [])
    .option('--per-case <n>', 'attacks per seed case and family', parsePositiveInt('--per-case'), 1)
    .option(
      '--seed <n>',
      'random seed: a whole number from 0 to 4294967295 (the same seed gives the same file)',
      parseSeed,
      1,
    )
    .requiredOption('--out <file>', 'where to write the attack cases (JSONL)')
    .option('--attacker <spec>', 'a chat model that rewrites each attack: provider:model[@baseUrl] or a JSON spec')
    .option('--concurrency <n>', 'attacker calls in flight at once', parsePositiveInt('--concurrency'), 4)
    .option('--json', 'print the report as JSON')
    .action(async (f: GenerateFlags) => {
      const families = selectAttacks(f.attacks);
      const attacker =
        f.attacker === undefined ? undefined : createChatModel(parseAttackerSpec(f.attacker), { env: process.env });
      const dataset = await loadDataset(f.from, { baseDir: process.cwd() });
      const generated = generateAttacks(dataset.cases, { families, perCase: f.perCase, seed: f.seed });
      const mutated = attacker
        ? await mutateAttacks(generated.cases, attacker, { seed: f.seed, concurrency: f.concurrency })
        : { cases: generated.cases, failed: [] };
      await writeCasesJsonl(f.out, mutated.cases);
      const byFamily = new Map<string, number>();
      for (const c of mutated.cases)
        byFamily.set(String(c.metadata.attack), (byFamily.get(String(c.metadata.attack)) ?? 0) + 1);
      const report = {
        out: f.out,
        seed: f.seed,
        seedCases: dataset.cases.length,
        attacks: mutated.cases.length,
        byFamily: Object.fromEntries(byFamily),
        skipped: generated.skipped,
        ...(attacker && { attacker: `${attacker.provider}:${attacker.model}`, attackerFailed: mutated.failed }),
      };
      if (f.json) return printJson(report);
      const lines = [
        `Wrote ${report.attacks} attack cases from ${report.seedCases} seed cases to ${f.out} (seed ${f.seed}).`,
      ];
      for (const [family, n] of byFamily) lines.push(`  ${family.padEnd(20)} ${n}`);
      if (generated.skipped.length > 0) {
        lines.push(`Skipped ${generated.skipped.length} seed cases:`);
        for (const s of generated.skipped.slice(0, 10)) lines.push(`  ${s.caseId}: ${s.reason}`);
      }
      if (attacker) {
        const changed = mutated.cases.filter((c) => c.metadata.attacker !== undefined).length;
        lines.push(`Rewritten by ${report.attacker}: ${changed} (encoding attacks are kept as written).`);
        for (const m of mutated.failed.slice(0, 10)) lines.push(`  kept as written: ${m.caseId}: ${m.reason}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

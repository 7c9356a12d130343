import type { Command } from 'commander';
import type { OnlineReport } from '../../analysis/online/online-report.js';
import type { OnlineSpec } from '../../core/online-spec.js';
import { safeTerminalText } from '../../reporters/escape.js';
import { parsePositiveInt, printJson, usingStore, withStoreOption, type StoreOption } from '../shared.js';

interface StatusOptions extends StoreOption {
  readonly json?: boolean;
  readonly windows?: number;
  readonly segment?: string[];
  readonly evalSet?: string;
  readonly webhook?: string;
}

type LoadOnline = (file: string) => Promise<{ readonly spec: OnlineSpec; readonly name: string }>;

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');
const interval = (e: { value: number; lower: number; upper: number }) =>
  `${pct(e.value)} [${pct(e.lower)}, ${pct(e.upper)}]`;

/** `assay online status|check <eval>`: rates per window, the segment mix, and the alert (with a webhook). */
export function registerOnlineStatusCommands(online: Command, loadOnline: LoadOnline): void {
  for (const name of ['status', 'check'] as const) {
    const command = withStoreOption(
      online
        .command(`${name} <eval>`)
        .description(
          name === 'status'
            ? "Pass rate per window with 95% intervals, per segment, traffic and feedback, and the eval set's segment mix beside production's"
            : 'Exit 1 when the newest complete window is significantly worse than its trailing baseline (and POST it to a webhook)',
        ),
    )
      .option('--json', 'print as JSON')
      .option('--windows <n>', 'windows to show (default: the baseline span + 1)', parsePositiveInt('--windows'))
      .option('--segment <field...>', 'metadata fields to report rates by (default: the strata fields)')
      .option(
        '--eval-set <ref>',
        "the offline eval set to compare production's segment mix with: a run id, baseline or eval name (default: online.evalSet)",
      );
    if (name === 'check')
      command.option(
        '--webhook <url>',
        'POST the flagged windows as JSON to this URL (default: online.alerts.webhook); exit 2 when it cannot be delivered',
      );
    command.action(async (file: string, options: StatusOptions) => {
      const { spec, name: evalName } = await loadOnline(file);
      const { readOnlineReport } = await import('../../analysis/online/online-report.js');
      const { ALERT_DEFAULTS } = await import('../../analysis/online/online-status.js');
      const webhook = name === 'check' ? (options.webhook ?? spec.alerts?.webhook) : undefined;
      if (webhook !== undefined) {
        const { checkWebhookUrl } = await import('../../online/alert-webhook.js');
        checkWebhookUrl(webhook, options.webhook !== undefined ? '--webhook' : `${file}: online.alerts.webhook`);
      }
      const window = spec.window ?? 'hour';
      const baselineWindows = spec.baselineWindows ?? ALERT_DEFAULTS.baselineWindows;
      const span = (options.windows ?? baselineWindows + 1) * (window === 'hour' ? 3_600_000 : 86_400_000);
      const now = new Date();
      const segmentBy = options.segment ?? [...new Set((spec.strata ?? []).flatMap((s) => Object.keys(s.where)))];
      const report = await usingStore(
        options,
        (store) =>
          readOnlineReport(store, {
            evalName,
            window,
            since: new Date(now.getTime() - span),
            now,
            segmentBy,
            alpha: spec.alpha,
            looks: spec.looks,
            baselineWindows,
            evalSet: options.evalSet ?? spec.evalSet,
          }),
        'read',
      );
      const flagged = report.graders.filter((g) => g.alert?.flagged);
      let delivery: { delivered: boolean; attempts: number; error?: string } | undefined;
      if (webhook !== undefined && flagged.length > 0) {
        const { alertPayload, deliverWebhook, webhookLabel } = await import('../../online/alert-webhook.js');
        delivery = await deliverWebhook(webhook, alertPayload(report)!);
        if (!delivery.delivered)
          process.stderr.write(
            `Could not deliver the alert to ${webhookLabel(webhook)} after ${delivery.attempts} attempt(s): ${delivery.error}.\n`,
          );
      }
      if (options.json) printJson(delivery ? { ...report, webhook: delivery } : report);
      else printReport(report, name, evalName);
      if (delivery && !delivery.delivered) process.exitCode = 2;
      else if (name === 'check' && flagged.length > 0) process.exitCode = 1;
    });
  }
}

function printReport(report: OnlineReport, name: 'status' | 'check', evalName: string): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  for (const g of report.graders) {
    out(`${safeTerminalText(g.grader, 60)}: ${interval(g.overall)} over ${g.overall.n} sampled traces`);
    if (name === 'status') {
      for (const w of g.windows.filter((x) => x.graded > 0 || x.always > 0))
        out(`  ${w.start}  ${interval(w.passRate)}  n=${w.graded}${w.always ? `  +${w.always} always` : ''}`);
      for (const s of g.segments)
        out(
          `  ${safeTerminalText(s.field, 40)}=${safeTerminalText(s.value, 40)}: ${interval(s.passRate)} n=${s.passRate.n}`,
        );
    }
    if (g.alert) {
      const a = g.alert;
      out(
        `  ${a.flagged ? 'ALERT' : 'ok'}: window ${a.windowStart} ${a.window.passes}/${a.window.graded} vs baseline ${a.baseline.passes}/${a.baseline.graded}` +
          ` (one-sided p = ${a.p.toPrecision(3)}, level ${a.level.toPrecision(3)})`,
      );
    }
  }
  if (name === 'status') {
    const total = report.traffic.reduce((s, w) => s + w.traces, 0);
    const fb = report.traffic.reduce((s, w) => s + w.feedback, 0);
    const down = report.traffic.reduce((s, w) => s + w.thumbsDown, 0);
    out(
      `Traffic: ${total} trace record(s) in ${report.traffic.length} window(s); feedback ${fb} (${down} thumbs down).`,
    );
  }
  const mix = report.segmentMix;
  if (mix) {
    out(
      `Segment mix: eval set ${safeTerminalText(mix.evalSet.eval, 60)} (run ${mix.evalSet.runId}, ${mix.evalSet.cases} cases) vs ${mix.traces} sampled traces` +
        ` (flags: Benjamini–Hochberg at ${pct(mix.level)})`,
    );
    for (const r of mix.rows)
      out(
        `  ${safeTerminalText(r.field, 40)}=${safeTerminalText(r.value, 40)}: eval ${interval(r.evalShare)}  production ${interval(r.productionShare)}` +
          `${r.differs ? `  DIFFERS (q = ${r.q.toPrecision(2)})` : ''}`,
      );
    if (mix.rows.length === 0) out('  no segment field to compare: name one with --segment');
    for (const w of mix.warnings) out(`  warning: ${safeTerminalText(w, 300)}`);
  }
  if (report.graders.length === 0)
    out(`No online scores for ${safeTerminalText(evalName, 60)} yet: run \`assay online run\`.`);
}

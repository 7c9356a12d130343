import { createHash } from 'node:crypto';
import { startFakeOpenAI, type FakeReply, type FakeRequest, type FakeServer } from './fake-openai-server.js';

/**
 * How a controlled judge answers. Each is a real OpenAI-compatible server on 127.0.0.1 whose
 * verdicts are known in advance, so a test can say what Assay must report:
 * - `always`: the same choice for every request (`A` = always the first response, `tie`…);
 * - `accurate`: reads the truth from the graded output (`truth`, default: the output contains
 *   `GOOD`) and is right with the given sensitivity and specificity, decided by a hash of the
 *   output so the same output always gets the same verdict, whatever the order of requests;
 * - `refuses`: refuses a share of requests (by hash), answers like `then` otherwise;
 * - `quotes-json`: answers like `then`, with prose that quotes an injected `{"choice": …}` first;
 * - `hangs`: never answers within `delayMs`.
 */
export type JudgeBehaviour =
  | { readonly kind: 'always'; readonly choice: string }
  | {
      readonly kind: 'accurate';
      readonly sensitivity: number;
      readonly specificity: number;
      readonly pass?: string;
      readonly fail?: string;
      readonly seed?: string;
      readonly truth?: (output: string) => boolean;
    }
  | { readonly kind: 'refuses'; readonly share: number; readonly then: JudgeBehaviour; readonly seed?: string }
  | { readonly kind: 'quotes-json'; readonly injected: string; readonly then: JudgeBehaviour }
  | { readonly kind: 'hangs'; readonly delayMs: number };

export interface FakeJudgeOptions {
  readonly behaviour: JudgeBehaviour;
  /** Token usage each reply reports (default 100 in, 20 out). */
  readonly usage?: { readonly input: number; readonly output: number };
}

/** A controlled judge server; configure a judge with `baseUrl: judge.url`. */
export function startFakeJudge(options: FakeJudgeOptions): Promise<FakeServer> {
  const usage = options.usage ?? { input: 100, output: 20 };
  return startFakeOpenAI({ script: (request) => ({ usage, ...reply(options.behaviour, request) }) });
}

/** A uniform number in [0, 1) from a seed and a text: the same output always draws the same number. */
export function draw(seed: string, text: string): number {
  return Number.parseInt(createHash('sha256').update(`${seed}\u0000${text}`).digest('hex').slice(0, 12), 16) / 2 ** 48;
}

/** The quoted output of a judge prompt (the text between the OUTPUT markers), or the whole prompt. */
export function gradedOutput(request: FakeRequest): string {
  const prompt = promptText(request);
  const m = /<<<BEGIN OUTPUT \w+>>>\n([\s\S]*?)\n<<<END OUTPUT \w+>>>/.exec(prompt);
  if (m) return m[1];
  const a = /<<<BEGIN RESPONSE_A \w+>>>\n([\s\S]*?)\n<<<END RESPONSE_A/.exec(prompt);
  const b = /<<<BEGIN RESPONSE_B \w+>>>\n([\s\S]*?)\n<<<END RESPONSE_B/.exec(prompt);
  return a && b ? `${a[1]}\u0000${b[1]}` : prompt;
}

function promptText(request: FakeRequest): string {
  const messages = (request.body?.messages ?? []) as { content?: unknown }[];
  return messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
}

function reply(behaviour: JudgeBehaviour, request: FakeRequest): FakeReply {
  switch (behaviour.kind) {
    case 'always':
      return verdict(behaviour.choice, 'always the same answer');
    case 'accurate': {
      const output = gradedOutput(request);
      const good = (behaviour.truth ?? ((o: string) => o.includes('GOOD')))(output);
      const u = draw(behaviour.seed ?? 'judge', output);
      const saysPass = good ? u < behaviour.sensitivity : u >= behaviour.specificity;
      return verdict(
        saysPass ? (behaviour.pass ?? 'pass') : (behaviour.fail ?? 'fail'),
        good ? 'looks right' : 'looks wrong',
      );
    }
    case 'refuses':
      if (draw(behaviour.seed ?? 'refuse', gradedOutput(request)) < behaviour.share) {
        return { text: "I'm sorry, I can't help with grading this." };
      }
      return reply(behaviour.then, request);
    case 'quotes-json': {
      const inner = reply(behaviour.then, request);
      const note = `The output tries to smuggle ${JSON.stringify({ choice: behaviour.injected })} into my answer; I ignore it.`;
      return { ...inner, text: `${note}\n${inner.text ?? ''}` };
    }
    case 'hangs':
      return { delayMs: behaviour.delayMs, ...verdict('pass', 'late') };
  }
}

function verdict(choice: string, reasoning: string): FakeReply {
  return { text: JSON.stringify({ reasoning, choice }) };
}

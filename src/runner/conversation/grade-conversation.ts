import type { Case, Score } from '../../core/types.js';
import type { Grader } from '../../graders/grader.js';
import type { PlayedConversation } from './play-conversation.js';

type GradeOne = (
  grader: Grader,
  testCase: Case,
  output: PlayedConversation['turns'][number]['output'],
) => Promise<Score>;

/** The per-turn score name: `answers@turn2` (1-based, as people count turns). */
export function turnScoreName(grader: string, turn: number): string {
  return `${grader}@turn${turn + 1}`;
}

/**
 * Grades a played conversation. Conversation-scoped graders (trajectory graders,
 * `judge.conversation`) read the whole of it once. Other graders grade each scripted turn that
 * has an `expected` (scores `name@turnN`, `meta.turn`) and the conversation as a whole
 * (`name`: passes when every graded turn passes, valued at their mean). A turn's own graders
 * do the same for the turns that list them. Without per-turn expectations a grader reads the
 * last reply, like a single-turn case. Every score is one per conversation, so the
 * conversation is the unit of every interval.
 */
export async function gradeConversation(
  testCase: Case,
  played: PlayedConversation,
  graders: readonly Grader[],
  turnGraders: ReadonlyMap<string, Grader> | undefined,
  grade: GradeOne,
  keyOf: (spec: unknown) => string,
): Promise<Score[]> {
  const scores: Score[] = [];
  const scripted = testCase.turns ?? [];
  const graded = played.turns.filter((t) => scripted[t.index]?.expected !== undefined);
  const transcript = played.output.trajectory?.messages ?? [];
  // A turn is graded as a case of its own: the history up to its user message, its expected.
  const turnCase = (index: number, expected: unknown): Case => {
    const { expected: _e, ...rest } = testCase;
    const input = transcript.filter((m) => m.turn < index || (m.turn === index && m.role === 'user'));
    return { ...rest, input, ...(expected !== undefined && { expected }) };
  };
  for (const grader of graders) {
    if (grader.scope === 'conversation' || graded.length === 0) {
      scores.push(await grade(grader, testCase, played.output));
      continue;
    }
    const perTurn: Score[] = [];
    for (const t of graded) {
      const score = await grade(grader, turnCase(t.index, scripted[t.index].expected), t.output);
      perTurn.push(asTurnScore(score, grader.name, t.index));
    }
    scores.push(...perTurn, conversationScore(grader.name, perTurn));
  }
  const own = new Map<string, Score[]>();
  for (const t of played.turns) {
    for (const spec of scripted[t.index]?.graders ?? []) {
      const grader = turnGraders?.get(keyOf(spec));
      if (!grader) continue;
      const score = await grade(grader, turnCase(t.index, scripted[t.index].expected), t.output);
      const list = own.get(grader.name) ?? [];
      list.push(asTurnScore(score, grader.name, t.index));
      own.set(grader.name, list);
    }
  }
  const taken = new Set(scores.map((s) => s.grader));
  for (const [name, list] of own) {
    scores.push(...list.filter((s) => !taken.has(s.grader)));
    if (!taken.has(name)) scores.push(conversationScore(name, list));
  }
  return scores;
}

function asTurnScore(score: Score, grader: string, turn: number): Score {
  return { ...score, grader: turnScoreName(grader, turn), meta: { ...score.meta, turn } };
}

/** The conversation's score from its turns' scores: an error if any turn's is, else all-pass and the mean. */
export function conversationScore(grader: string, turns: readonly Score[]): Score {
  const turnOf = (s: Score) => Number(s.meta?.turn ?? 0) + 1;
  const failedTurn = turns.find((s) => s.error !== undefined);
  if (failedTurn) {
    return {
      grader,
      value: Number.NaN,
      error: `turn ${turnOf(failedTurn)}: ${failedTurn.error}`,
      meta: { turns: turns.length },
    };
  }
  if (turns.some((s) => s.pending)) {
    return {
      grader,
      value: Number.NaN,
      pending: true,
      reason: 'a turn waits for review',
      meta: { turns: turns.length },
    };
  }
  const failed = turns.filter((s) => s.pass === false).map(turnOf);
  const value = turns.reduce((a, s) => a + s.value, 0) / turns.length;
  return {
    grader,
    value,
    pass: failed.length === 0,
    reason:
      failed.length === 0
        ? `every turn passed (${turns.length})`
        : `${turns.length - failed.length} of ${turns.length} turns passed; failed: turn ${failed.join(', turn ')}`,
    meta: { turns: turns.length, failedTurns: failed },
  };
}

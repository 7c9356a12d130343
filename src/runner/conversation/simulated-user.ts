import { contentText } from '../../core/content-parts.js';
import type { ChatMessage, SimulatedUser, TrajectoryMessage } from '../../core/types.js';
import type { ChatModel } from '../../targets/chat-model.js';

/** What the simulated user replies, word for word, once its goal is met. */
export const GOAL_MET = 'GOAL_MET';

/** The simulated user's next message, or `goal_met` when it says its goal is reached. */
export type UserMove =
  { readonly kind: 'say'; readonly text: string; readonly latencyMs: number } | { readonly kind: 'goal_met' };

/**
 * Asks the user model for the next user message. The model sees the persona and goal, and the
 * conversation from the user's side (the assistant's replies as the other party, its own
 * earlier messages as its own); tool traffic stays hidden, as a real user never sees it.
 */
export async function nextUserMove(input: {
  readonly model: ChatModel;
  readonly user: SimulatedUser;
  readonly history: readonly TrajectoryMessage[];
  readonly turn: number;
  readonly signal: AbortSignal;
  readonly useCache: boolean;
  readonly cacheVariant: string;
}): Promise<UserMove> {
  const { user, turn } = input;
  if (turn === 0 && user.opening !== undefined) return { kind: 'say', text: user.opening, latencyMs: 0 };
  const system = [
    `You play a user talking to an assistant. Persona: ${user.persona}`,
    `Your goal: ${user.goal}`,
    "Write only the next message the user would send, in the persona's voice, with no quotes or labels.",
    `When the assistant has fully met your goal, reply with exactly ${GOAL_MET} and nothing else.`,
  ].join('\n');
  const seen: ChatMessage[] = input.history
    .filter((m) => (m.role === 'user' || m.role === 'assistant') && contentText(m.content).trim() !== '')
    .map((m) => ({ role: m.role === 'user' ? 'assistant' : 'user', content: contentText(m.content) }));
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    ...(seen.length === 0 ? [{ role: 'user' as const, content: 'Start the conversation.' }] : seen),
  ];
  const reply = await input.model.chat(messages.length > 0 ? { messages } : { messages }, {
    signal: input.signal,
    useCache: input.useCache,
    cacheVariant: input.cacheVariant,
  });
  const text = (reply.text ?? '').trim();
  if (text === GOAL_MET || text.endsWith(GOAL_MET)) return { kind: 'goal_met' };
  return { kind: 'say', text, latencyMs: reply.latencyMs ?? 0 };
}

/** The first stop phrase the reply contains (case-insensitive), or undefined. */
export function stopPhraseIn(text: string, phrases: readonly string[] | undefined): string | undefined {
  const lower = text.toLowerCase();
  return phrases?.find((p) => lower.includes(p.toLowerCase()));
}

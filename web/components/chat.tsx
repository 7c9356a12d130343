import { asText } from '../format.js';
import { MessageContent } from './message-content.js';

interface Message {
  readonly role: string;
  readonly content: unknown;
  readonly name?: string;
}

function isChat(v: unknown): v is readonly Message[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((m) => m && typeof m === 'object' && typeof (m as Message).role === 'string' && 'content' in m)
  );
}

/** Input, expected or output text: a conversation as bubbles, anything else as preformatted text. Never HTML. */
export function Content(props: { value: unknown; empty?: string }) {
  const v = props.value;
  if (v === undefined || v === null || v === '') return <p class="muted">{props.empty ?? 'Nothing.'}</p>;
  if (isChat(v)) {
    return (
      <div class="chat">
        {v.map((m, i) => (
          <div
            key={i}
            class={`bubble role-${['system', 'user', 'assistant', 'tool'].includes(m.role) ? m.role : 'other'}`}
          >
            <div class="bubble-role">
              {m.role}
              {m.name ? ` · ${m.name}` : ''}
            </div>
            <MessageContent content={m.content} />
          </div>
        ))}
      </div>
    );
  }
  return <pre class="text">{asText(v)}</pre>;
}

import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.js';
import { Link } from './link.js';

export function Loading(props: { what?: string }) {
  return (
    <div class="state loading" role="status">
      Loading {props.what ?? ''}…
    </div>
  );
}

/** An empty result that says what to do next. */
export function Empty(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state empty">
      <strong>{props.title}</strong>
      {props.children && <div class="state-body">{props.children}</div>}
    </div>
  );
}

/**
 * Hint text from the server, where `code spans` become `<code>` elements. Built as text
 * nodes and elements, never as HTML, so a hint can carry no markup.
 */
export function HintText(props: { text: string }) {
  const parts = props.text.split('`');
  // An unmatched backtick: show the text as it is rather than guess where the code ends.
  if (parts.length % 2 === 0) return <>{props.text}</>;
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : p))}</>;
}

/**
 * An error with the server's hint; a missing token gets its own advice. A 404 offers the way
 * back to the runs instead of a retry (trying again cannot make a missing run appear).
 */
export function ErrorState(props: { error: unknown; retry?: () => void }) {
  const e = props.error;
  const apiError = e instanceof ApiError ? e : undefined;
  const message = e instanceof Error ? e.message : String(e);
  const notFound = apiError?.status === 404;
  const hint =
    apiError?.status === 401
      ? 'Open the URL that `assay ui` printed when it started (it ends in ?token=…).'
      : apiError?.hint;
  return (
    <div class={`state error ${notFound ? 'not-found' : ''}`} role="alert">
      <strong>{message}</strong>
      {apiError && apiError.issues.length > 0 && (
        <ul>
          {apiError.issues.map((i) => (
            <li key={i.path}>
              {i.path}: {i.message}
            </li>
          ))}
        </ul>
      )}
      {hint && (
        <div class="state-body">
          <HintText text={hint} />
        </div>
      )}
      {props.retry && !notFound && (
        <button type="button" onClick={props.retry}>
          Try again
        </button>
      )}
      {notFound && (
        <Link href="/" class="button secondary">
          ← Back to Runs
        </Link>
      )}
    </div>
  );
}

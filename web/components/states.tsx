import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.js';

export function Loading(props: { what?: string }) {
  return <div class="state loading" role="status">Loading {props.what ?? ''}…</div>;
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

/** An error with the server's hint; a missing token gets its own advice. */
export function ErrorState(props: { error: unknown; retry?: () => void }) {
  const e = props.error;
  const apiError = e instanceof ApiError ? e : undefined;
  const message = e instanceof Error ? e.message : String(e);
  const hint = apiError?.status === 401
    ? 'Open the URL that `assay ui` printed when it started (it ends in ?token=…).'
    : apiError?.hint;
  return (
    <div class="state error" role="alert">
      <strong>{message}</strong>
      {apiError && apiError.issues.length > 0 && (
        <ul>{apiError.issues.map((i) => <li key={i.path}>{i.path}: {i.message}</li>)}</ul>
      )}
      {hint && <div class="state-body">{hint}</div>}
      {props.retry && <button type="button" onClick={props.retry}>Try again</button>}
    </div>
  );
}

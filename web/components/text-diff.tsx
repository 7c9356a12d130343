interface Part {
  readonly text: string;
  readonly kind: 'same' | 'del' | 'ins';
}

const MAX_TOKENS = 1500;

/** Word-level diff by longest common subsequence; large texts fall back to no highlighting. */
export function diffWords(a: string, b: string): { left: Part[]; right: Part[] } {
  const x = a.split(/(\s+)/);
  const y = b.split(/(\s+)/);
  if (x.length > MAX_TOKENS || y.length > MAX_TOKENS)
    return { left: [{ text: a, kind: 'same' }], right: [{ text: b, kind: 'same' }] };
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const left: Part[] = [];
  const right: Part[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      left.push({ text: x[i], kind: 'same' });
      right.push({ text: y[j], kind: 'same' });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) left.push({ text: x[i++], kind: 'del' });
    else right.push({ text: y[j++], kind: 'ins' });
  }
  while (i < n) left.push({ text: x[i++], kind: 'del' });
  while (j < m) right.push({ text: y[j++], kind: 'ins' });
  return { left, right };
}

/** Two outputs side by side, words only in one of them highlighted. Rendered as text. */
export function TextDiff(props: { left: string; right: string; leftTitle: string; rightTitle: string }) {
  const { left, right } = diffWords(props.left, props.right);
  return (
    <div class="diff">
      <div>
        <div class="diff-title">{props.leftTitle}</div>
        <pre class="text">
          {left.map((p, i) =>
            p.kind === 'same' ? (
              p.text
            ) : (
              <span key={i} class="del">
                {p.text}
              </span>
            ),
          )}
        </pre>
      </div>
      <div>
        <div class="diff-title">{props.rightTitle}</div>
        <pre class="text">
          {right.map((p, i) =>
            p.kind === 'same' ? (
              p.text
            ) : (
              <span key={i} class="ins">
                {p.text}
              </span>
            ),
          )}
        </pre>
      </div>
    </div>
  );
}

import { int } from '../format.js';

export function Pager(props: { total: number; limit: number; offset: number; onPage: (offset: number) => void }) {
  const { total, limit, offset } = props;
  if (total <= limit && offset === 0)
    return (
      <div class="pager muted">
        {int(total)} {total === 1 ? 'row' : 'rows'}
      </div>
    );
  const last = Math.max(0, Math.floor((total - 1) / limit) * limit);
  return (
    <div class="pager">
      <button type="button" disabled={offset === 0} onClick={() => props.onPage(0)}>
        « First
      </button>
      <button type="button" disabled={offset === 0} onClick={() => props.onPage(Math.max(0, offset - limit))}>
        ‹ Prev
      </button>
      <span class="muted">
        {int(Math.min(total, offset + 1))}–{int(Math.min(total, offset + limit))} of {int(total)}
      </span>
      <button type="button" disabled={offset + limit >= total} onClick={() => props.onPage(offset + limit)}>
        Next ›
      </button>
      <button type="button" disabled={offset >= last} onClick={() => props.onPage(last)}>
        Last »
      </button>
    </div>
  );
}

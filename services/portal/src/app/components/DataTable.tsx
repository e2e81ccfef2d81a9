// The list every screen uses: server-side paging and sorting, a filter box, loading, error and empty
// states, and row actions. Sorting is by Harbor's `sort` parameter (`name` / `-name`).
import type { ReactNode } from 'react';
import type { ListState } from '../lib/hooks.js';
import { ErrorMessage } from './ConfirmDialog.js';

export interface Column<T> {
  header: string;
  render: (row: T) => ReactNode;
  /** Harbor's sort key for this column, when the server can sort by it. */
  sortKey?: string;
  className?: string;
}

export function DataTable<T>({ list, columns, rowKey, empty, filterPlaceholder, toolbar, caption }: {
  list: ListState<T>;
  columns: Array<Column<T>>;
  rowKey: (row: T) => string | number;
  empty: ReactNode;
  filterPlaceholder?: string;
  toolbar?: ReactNode;
  caption: string;
}) {
  const { params } = list;
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / params.pageSize));
  const rows = list.data?.items ?? [];
  const sortState = (key?: string) => (!key ? undefined : params.sort === key ? 'ascending' : params.sort === `-${key}` ? 'descending' : 'none');
  return (
    <div className="data-table">
      <div className="table-toolbar">
        <div className="toolbar-actions">{toolbar}</div>
        {filterPlaceholder && (
          <input type="search" className="input filter" placeholder={filterPlaceholder} aria-label={filterPlaceholder}
            value={params.filter} onChange={(e) => list.setFilter(e.target.value)} />
        )}
        <button type="button" className="icon-button" aria-label="Refresh" title="Refresh" onClick={list.reload}>⟳</button>
      </div>
      {list.error && <ErrorMessage message={list.error} />}
      <div className="table-scroll">
        <table aria-label={caption} aria-busy={list.loading}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} className={c.className} aria-sort={sortState(c.sortKey)}>
                  {c.sortKey ? (
                    <button type="button" className="sort-button" onClick={() => list.setSort(params.sort === c.sortKey ? `-${c.sortKey}` : c.sortKey!)}>
                      {c.header}<span aria-hidden="true">{params.sort === c.sortKey ? ' ▲' : params.sort === `-${c.sortKey}` ? ' ▼' : ''}</span>
                    </button>
                  ) : c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => <td key={c.header} className={c.className}>{c.render(row)}</td>)}
              </tr>
            ))}
            {!list.loading && !list.error && rows.length === 0 && (
              <tr><td colSpan={columns.length} className="empty-cell">{empty}</td></tr>
            )}
            {list.loading && rows.length === 0 && (
              <tr><td colSpan={columns.length} className="empty-cell">Loading…</td></tr>
            )}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label={`${caption} pages`}>
        <span>{total === 0 ? 'No items' : `${(params.page - 1) * params.pageSize + 1}–${Math.min(params.page * params.pageSize, total)} of ${total}`}</span>
        <label>
          Page size{' '}
          <select className="input" value={params.pageSize} onChange={(e) => list.setPageSize(Number(e.target.value))}>
            {[15, 25, 50, 100].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <button type="button" className="button button-small" disabled={params.page <= 1} onClick={() => list.setPage(params.page - 1)}>Previous</button>
        <span aria-live="polite">Page {params.page} of {pages}</span>
        <button type="button" className="button button-small" disabled={params.page >= pages} onClick={() => list.setPage(params.page + 1)}>Next</button>
      </nav>
    </div>
  );
}

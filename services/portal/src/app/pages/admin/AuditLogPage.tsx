// Logs: the audit trail (who created, changed, deleted, pushed or pulled what, and when), newest first,
// filtered by user, resource, resource type, operation and a time range. Filters live in the URL.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditLog } from '@harbor/contracts';
import { buildQ } from '@harbor/client';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState, PageHeader } from '../../components/Field.js';
import { api, ApiClientError } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useList } from '../../lib/hooks.js';

/** The operations the audit trail records. */
const OPERATIONS = ['create', 'delete', 'update', 'push', 'pull', 'login'];
/** The resource types the audit trail records, offered as suggestions. */
const RESOURCE_TYPES = ['artifact', 'configuration', 'label', 'project', 'project_member', 'quota', 'repository', 'robot', 'tag', 'user'];
const FILTER_KEYS = ['resource', 'type', 'op', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A `datetime-local` value (the viewer's zone) as the `YYYY-MM-DD HH:mm:ss` UTC time the server's
 * `op_time=[from~to]` filter expects; `end` rounds up to the last second of that minute.
 */
export function toQueryTime(local: string, end = false): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return undefined;
  if (end && local.length <= 16) d.setSeconds(59);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A text filter typed into a box and applied after a pause. */
function useDebounced(value: string, ms = 250): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function AuditLogPage() {
  const [search, setSearch] = useSearchParams();
  const get = (k: FilterKey) => search.get(k) ?? '';
  const setFilter = (k: FilterKey, value: string) => setSearch((prev) => {
    const next = new URLSearchParams(prev);
    if (value) next.set(k, value); else next.delete(k);
    next.delete('page');
    return next;
  }, { replace: true });
  const resource = useDebounced(get('resource'));
  const resourceType = useDebounced(get('type'));
  const operation = get('op');
  const from = get('from');
  const to = get('to');
  const rangeError = from && to && from > to ? 'The start of the time range is after its end.' : null;

  const list = useList<AuditLog>(async (p) => {
    if (rangeError) return { items: [], total: 0 };
    const q = buildQ({
      username: { kind: 'fuzzy', value: p.filter },
      resource: { kind: 'fuzzy', value: resource },
      resource_type: { kind: 'fuzzy', value: resourceType },
      operation: operation ? { kind: 'exact', value: operation } : undefined,
      op_time: from || to ? { kind: 'range', min: toQueryTime(from), max: toQueryTime(to, true) } : undefined,
    });
    try {
      return await api.auditLogs({ page: p.page, page_size: p.pageSize, sort: p.sort || undefined, q });
    } catch (err) {
      if (err instanceof ApiClientError && err.status === 403) throw new Error('Only system administrators can read the system-wide audit log.');
      throw err;
    }
  }, [resource, resourceType, operation, from, to, rangeError], { sort: '-op_time' });

  const filtered = Boolean(list.params.filter || resource || resourceType || operation || from || to);
  const clear = () => setSearch((prev) => {
    const next = new URLSearchParams(prev);
    for (const k of [...FILTER_KEYS, 'filter', 'page']) next.delete(k);
    return next;
  }, { replace: true });

  const columns: Array<Column<AuditLog>> = [
    { header: 'Username', sortKey: 'username', render: (l) => l.username },
    { header: 'Resource', sortKey: 'resource', render: (l) => <span className="break-all">{l.resource}</span> },
    { header: 'Resource Type', sortKey: 'resource_type', render: (l) => l.resource_type },
    { header: 'Operation', sortKey: 'operation', render: (l) => <span className="badge">{l.operation}</span> },
    { header: 'Timestamp', sortKey: 'op_time', render: (l) => <time dateTime={l.op_time} title={new Date(l.op_time).toString()}>{formatTime(l.op_time)}</time> },
  ];

  return (
    <>
      <PageHeader title="Logs" subtitle="Who changed what and when: creations, updates, deletions, pushes, pulls and sign-ins." />
      <form className="filters" aria-label="Log filters" onSubmit={(e) => e.preventDefault()}>
        <label className="filter-item">
          <span>Resource</span>
          <input type="search" className="input" value={get('resource')} onChange={(e) => setFilter('resource', e.target.value)} placeholder="e.g. library/nginx" />
        </label>
        <label className="filter-item">
          <span>Resource type</span>
          <input type="search" className="input" list="audit-resource-types" value={get('type')} onChange={(e) => setFilter('type', e.target.value)} />
          <datalist id="audit-resource-types">{RESOURCE_TYPES.map((t) => <option key={t} value={t} />)}</datalist>
        </label>
        <label className="filter-item">
          <span>Operation</span>
          <select className="input" value={operation} onChange={(e) => setFilter('op', e.target.value)}>
            <option value="">All operations</option>
            {OPERATIONS.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        </label>
        <label className="filter-item">
          <span>From</span>
          <input type="datetime-local" className="input" value={from} max={to || undefined} onChange={(e) => setFilter('from', e.target.value)} />
        </label>
        <label className="filter-item">
          <span>To</span>
          <input type="datetime-local" className="input" value={to} min={from || undefined} onChange={(e) => setFilter('to', e.target.value)} />
        </label>
        {filtered && <button type="button" className="button" onClick={clear}>Clear filters</button>}
      </form>
      {rangeError && <div className="alert alert-error" role="alert">{rangeError}</div>}
      <DataTable list={list} columns={columns} rowKey={(l) => l.id} caption="Logs" filterPlaceholder="Filter logs by username"
        empty={<EmptyState title={filtered ? 'No log entry matches the filters' : 'No log entries yet'}>
          {filtered ? 'Widen the time range or clear some filters.' : 'Entries appear as people work with projects, images and settings.'}
        </EmptyState>} />
    </>
  );
}

// A project's audit log: who did what to which resource, newest first, filterable by user name,
// resource and operation.
import { useEffect, useState } from 'react';
import type { AuditLog, Project } from '@harbor/contracts';
import { buildQ } from '@harbor/client';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/Field.js';
import { api } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useList } from '../../lib/hooks.js';

/** The operations Harbor records against a project's resources. */
const OPERATIONS = ['create', 'update', 'delete', 'push', 'pull'];

/** `value`, settled for `ms` milliseconds (so typing does not ask the server at every key). */
function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export function LogsTab({ project }: { project: Project }) {
  const [resource, setResource] = useState('');
  const [operation, setOperation] = useState('');
  const settledResource = useDebounced(resource);
  const list = useList<AuditLog>(
    (p) => api.projectLogs(project.name, {
      page: p.page, page_size: p.pageSize, sort: p.sort || undefined,
      q: buildQ({
        username: { kind: 'fuzzy', value: p.filter },
        resource: { kind: 'fuzzy', value: settledResource },
        operation: operation ? { kind: 'exact', value: operation } : undefined,
      }),
    }),
    [project.name, settledResource, operation],
    { sort: '-op_time', prefix: 'log_' },
  );
  const filtered = Boolean(list.params.filter || settledResource || operation);

  const columns: Array<Column<AuditLog>> = [
    { header: 'Username', sortKey: 'username', render: (l) => l.username },
    { header: 'Resource', sortKey: 'resource', render: (l) => <span className="break-all">{l.resource}</span> },
    { header: 'Resource Type', sortKey: 'resource_type', render: (l) => l.resource_type },
    { header: 'Operation', sortKey: 'operation', render: (l) => l.operation },
    { header: 'Timestamp', sortKey: 'op_time', render: (l) => formatTime(l.op_time) },
  ];

  const toolbar = (
    <>
      <select className="input" aria-label="Operation" value={operation}
        onChange={(e) => { setOperation(e.target.value); list.setPage(1); }}>
        <option value="">All operations</option>
        {OPERATIONS.map((op) => <option key={op} value={op}>{op[0]!.toUpperCase() + op.slice(1)}</option>)}
      </select>
      <input type="search" className="input filter" placeholder="Filter by resource" aria-label="Filter by resource"
        value={resource} onChange={(e) => { setResource(e.target.value); list.setPage(1); }} />
    </>
  );

  return (
    <DataTable list={list} columns={columns} rowKey={(l) => l.id} caption="Logs" filterPlaceholder="Filter by username" toolbar={toolbar}
      empty={<EmptyState title={filtered ? 'No log entry matches the filters' : 'No activity recorded yet'}>
        {filtered ? null : 'Pushes, pulls and changes to this project appear here.'}
      </EmptyState>} />
  );
}

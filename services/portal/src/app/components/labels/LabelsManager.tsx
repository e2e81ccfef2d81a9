// Labels of one scope (global, or one project's): list, filter by name, create, edit and delete.
import { useState } from 'react';
import type { Label } from '@harbor/contracts';
import { api } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useList } from '../../lib/hooks.js';
import { ConfirmDialog } from '../ConfirmDialog.js';
import { DataTable, type Column } from '../DataTable.js';
import { EmptyState } from '../Field.js';
import { LabelChip } from './LabelChip.js';
import { LabelDialog, type LabelScopeProps } from './LabelDialog.js';

export type LabelsManagerProps = { scope: 'g' } | { scope: 'p'; projectId: number; canEdit: boolean };

export function LabelsManager(props: LabelsManagerProps) {
  const canEdit = props.scope === 'g' ? true : props.canEdit;
  const projectId = props.scope === 'p' ? props.projectId : undefined;
  const target: LabelScopeProps = props.scope === 'p' ? { scope: 'p', projectId: props.projectId } : { scope: 'g' };
  const [dialog, setDialog] = useState<{ editing: Label | null } | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);
  const list = useList<Label>(
    (p) => api.labels({
      scope: props.scope, project_id: projectId, name: p.filter || undefined,
      page: p.page, page_size: p.pageSize, sort: p.sort || undefined,
    }),
    [props.scope, projectId],
    { prefix: 'l_' },
  );

  const columns: Array<Column<Label>> = [
    { header: 'Label', sortKey: 'name', render: (l) => <LabelChip label={l} /> },
    { header: 'Description', render: (l) => l.description || <span className="muted">–</span> },
    { header: 'Creation Time', sortKey: 'creation_time', render: (l) => formatTime(l.creation_time) },
  ];
  if (canEdit) {
    columns.push({
      header: 'Actions',
      render: (l) => (
        <div className="row-actions">
          <button type="button" className="button button-small" aria-label={`Edit label ${l.name}`} onClick={() => setDialog({ editing: l })}>Edit</button>
          <button type="button" className="button button-small button-danger-outline" aria-label={`Delete label ${l.name}`}
            onClick={() => setDeleting(l)}>Delete</button>
        </div>
      ),
    });
  }

  const where = props.scope === 'g' ? 'these labels can be added to artifacts of every project' : 'these labels can be added to artifacts of this project';
  return (
    <>
      <p className="muted">{props.scope === 'g' ? 'Global labels' : 'Project labels'}: {where}.</p>
      <DataTable list={list} columns={columns} rowKey={(l) => l.id} caption="Labels" filterPlaceholder="Filter labels by name"
        toolbar={canEdit ? <button type="button" className="button button-primary" onClick={() => setDialog({ editing: null })}>New Label</button> : undefined}
        empty={<EmptyState title={list.params.filter ? 'No label matches the filter' : 'No labels yet'}>
          {canEdit && !list.params.filter ? 'Create one with New Label.' : null}
        </EmptyState>} />
      <LabelDialog open={dialog !== null} editing={dialog?.editing} target={target} onClose={() => setDialog(null)}
        onSaved={() => { setDialog(null); list.reload(); }} />
      <ConfirmDialog open={deleting !== null} title="Delete label" confirmLabel="Delete"
        message={<p>Delete label {deleting && <LabelChip label={deleting} />}? It is also removed from every artifact that carries it.</p>}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          await api.deleteLabel(deleting!.id);
          setDeleting(null);
          list.reload();
        }} />
    </>
  );
}

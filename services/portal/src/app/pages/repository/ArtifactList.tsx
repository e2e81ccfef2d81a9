// The artifacts of one repository: server-side paged, sorted (newest push first) and filtered by tag.
import { useState } from 'react';
import { Link } from 'react-router';
import type { Artifact, Project } from '@harbor/contracts';
import { buildQ } from '@harbor/client';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CopyButton, CopyField } from '../../components/CopyButton.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/Field.js';
import { api } from '../../lib/api.js';
import { formatBytes, formatTime, pullCommand, pullKind, registryHost, shortDigest } from '../../lib/format.js';
import { useList } from '../../lib/hooks.js';
import { artifactHref, artifactKind, isSigned, kindName } from './artifact-info.js';
import { LabelChip } from '../../components/labels/LabelChip.js';

const MAX_TAGS = 3;

export function ArtifactList({ project, repo, canDelete, onChanged }: {
  project: Project; repo: string; canDelete: boolean; onChanged: () => void;
}) {
  const [deleting, setDeleting] = useState<Artifact | null>(null);
  const full = `${project.name}/${repo}`;
  const list = useList<Artifact>((p) => api.artifacts(project.name, repo, {
    page: p.page, page_size: p.pageSize, sort: p.sort || undefined,
    q: buildQ({ tags: { kind: 'fuzzy', value: p.filter } }),
    with_tag: true, with_label: true, with_accessory: true,
  }), [project.name, repo], { sort: '-push_time' });

  const columns: Array<Column<Artifact>> = [
    {
      header: 'Artifact',
      render: (a) => <Link className="digest" to={artifactHref(project.project_id, repo, a.digest)} title={a.digest}>{shortDigest(a.digest)}</Link>,
    },
    {
      header: 'Type',
      render: (a) => (
        <>
          {kindName(artifactKind(a))}
          {isSigned(a) && <span className="badge badge-public" title="This artifact has a signature">Signed</span>}
        </>
      ),
    },
    { header: 'Tags', render: (a) => <TagBadges tags={(a.tags ?? []).map((t) => t.name)} /> },
    { header: 'Size', sortKey: 'size', className: 'num nowrap', render: (a) => formatBytes(a.size) },
    { header: 'Labels', render: (a) => ((a.labels?.length ?? 0) ? a.labels!.map((l) => <LabelChip key={l.id} label={l} />) : '–') },
    { header: 'Push Time', sortKey: 'push_time', render: (a) => formatTime(a.push_time) },
    { header: 'Pull Time', sortKey: 'pull_time', render: (a) => formatTime(a.pull_time) },
    {
      header: 'Pull Command',
      render: (a) => (
        <CopyButton title="Copy pull command" label="Copy"
          text={pullCommand(registryHost(), full, { tag: a.tags?.[0]?.name, digest: a.digest }, pullKind(a.type))} />
      ),
    },
  ];
  if (canDelete) {
    columns.push({
      header: 'Actions',
      render: (a) => (
        <button type="button" className="button button-small button-danger-outline" aria-label={`Delete artifact ${shortDigest(a.digest)}`}
          onClick={() => setDeleting(a)}>Delete</button>
      ),
    });
  }

  const tags = deleting?.tags ?? [];
  return (
    <>
      <DataTable list={list} columns={columns} rowKey={(a) => a.digest} caption="Artifacts" filterPlaceholder="Filter artifacts by tag"
        empty={list.params.filter
          ? <EmptyState title="No artifact has a matching tag" />
          : <PushHelp repository={full} />} />
      <ConfirmDialog open={deleting !== null} title="Delete artifact" confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        message={
          <>
            <p>Delete artifact <strong className="digest">{deleting ? shortDigest(deleting.digest) : ''}</strong> from <strong>{full}</strong>? This cannot be undone.</p>
            {tags.length > 0
              ? <p>These tags go with it: {tags.map((t) => <span key={t.id} className="badge">{t.name}</span>)}</p>
              : <p className="muted">It has no tags.</p>}
          </>
        }
        onConfirm={async () => {
          await api.deleteArtifact(project.name, repo, deleting!.digest);
          setDeleting(null);
          list.reload();
          onChanged();
        }} />
    </>
  );
}

function TagBadges({ tags }: { tags: string[] }) {
  if (tags.length === 0) return <span className="muted" title="Untagged">–</span>;
  const more = tags.length - MAX_TAGS;
  return (
    <span className="tag-badges">
      {tags.slice(0, MAX_TAGS).map((t) => <span key={t} className="badge">{t}</span>)}
      {more > 0 && <span className="badge" title={tags.slice(MAX_TAGS).join(', ')}>+{more}</span>}
    </span>
  );
}

/** How to put a first image into the repository. */
function PushHelp({ repository }: { repository: string }) {
  const target = `${registryHost()}/${repository}`;
  return (
    <EmptyState title="No artifacts yet">
      <div className="push-help">
        <p>Tag an image for this repository and push it:</p>
        <CopyField label="Copy tag command" text={`docker tag SOURCE_IMAGE[:TAG] ${target}[:TAG]`} />
        <CopyField label="Copy push command" text={`docker push ${target}[:TAG]`} />
      </div>
    </EmptyState>
  );
}

// The tags of an artifact: each with its times and pull command; add a tag, delete one (after confirming).
import { useState, type FormEvent } from 'react';
import type { Artifact, Tag } from '@harbor/contracts';
import { ConfirmDialog, ErrorMessage } from '../../components/ConfirmDialog.js';
import { CopyButton } from '../../components/CopyButton.js';
import { api, messageOf } from '../../lib/api.js';
import { formatTime, pullCommand, pullKind, registryHost } from '../../lib/format.js';
import { isValidTagName } from './artifact-info.js';

export function ArtifactTags({ projectName, repo, artifact, canCreate, canDelete, onChanged }: {
  projectName: string; repo: string; artifact: Artifact; canCreate: boolean; canDelete: boolean;
  onChanged: (removedTag?: string) => void;
}) {
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tags = artifact.tags ?? [];
  const full = `${projectName}/${repo}`;

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const tag = name.trim();
    if (!isValidTagName(tag)) {
      setError('A tag starts with a letter, digit or underscore, and holds up to 128 letters, digits, underscores, dots and dashes.');
      return;
    }
    if (tags.some((t) => t.name === tag)) {
      setError(`This artifact already has the tag "${tag}".`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.createTag(projectName, repo, artifact.digest, tag);
      setName('');
      onChanged();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="artifact-tags">
      <h2 id="artifact-tags">Tags</h2>
      <div className="data-table">
        {canCreate && (
          <form className="table-toolbar" onSubmit={add}>
            <input id="new-tag" className="input" placeholder="New tag" aria-label="New tag" value={name} disabled={busy}
              onChange={(e) => { setName(e.target.value); setError(null); }} aria-invalid={error ? true : undefined} />
            <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>{busy ? 'Adding…' : 'Add Tag'}</button>
          </form>
        )}
        {error && <ErrorMessage message={error} />}
        <div className="table-scroll">
          <table aria-label="Tags">
            <thead>
              <tr>
                <th>Name</th><th>Push Time</th><th>Pull Time</th><th>Pull Command</th>
                {canDelete && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {tags.map((t) => (
                <tr key={t.id}>
                  <td><span className="badge">{t.name}</span>{t.immutable && <span className="muted"> (immutable)</span>}</td>
                  <td>{formatTime(t.push_time)}</td>
                  <td>{formatTime(t.pull_time)}</td>
                  <td>
                    <CopyButton title="Copy pull command" label="Copy"
                      text={pullCommand(registryHost(), full, { tag: t.name, digest: artifact.digest }, pullKind(artifact.type))} />
                  </td>
                  {canDelete && (
                    <td>
                      <button type="button" className="button button-small button-danger-outline" aria-label={`Delete tag ${t.name}`}
                        disabled={t.immutable} onClick={() => setDeleting(t)}>Delete</button>
                    </td>
                  )}
                </tr>
              ))}
              {tags.length === 0 && (
                <tr><td colSpan={canDelete ? 5 : 4} className="empty-cell">
                  <div className="empty-state"><strong>No tags</strong><div>This artifact can be pulled by its digest.</div></div>
                </td></tr>
              )}
            </tbody>
          </table>
        </div>
      </div>
      <ConfirmDialog open={deleting !== null} title="Delete tag" confirmLabel="Delete" onCancel={() => setDeleting(null)}
        message={<p>Delete tag <strong>{deleting?.name}</strong> from <strong>{full}</strong>? The artifact itself stays.</p>}
        onConfirm={async () => {
          const tag = deleting!.name;
          await api.deleteTag(projectName, repo, artifact.digest, tag);
          setDeleting(null);
          onChanged(tag);
        }} />
    </section>
  );
}

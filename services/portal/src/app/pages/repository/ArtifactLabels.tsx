// The labels on an artifact: add one of the project's or the system's labels, remove one.
import { useState, type FormEvent } from 'react';
import type { Artifact, Label, Project } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { api, messageOf } from '../../lib/api.js';
import { useAsync } from '../../lib/hooks.js';

import { LabelChip } from '../../components/labels/LabelChip.js';

async function availableLabels(projectId: number): Promise<{ project: Label[]; global: Label[] }> {
  const [project, global] = await Promise.all([
    api.labels({ scope: 'p', project_id: projectId, page_size: 100 }),
    api.labels({ scope: 'g', page_size: 100 }),
  ]);
  return { project: project.items, global: global.items };
}

export function ArtifactLabels({ project, repo, artifact, canAdd, canRemove, onChanged }: {
  project: Project; repo: string; artifact: Artifact; canAdd: boolean; canRemove: boolean; onChanged: () => void;
}) {
  const attached = artifact.labels ?? [];
  const choices = useAsync(() => (canAdd ? availableLabels(project.project_id) : Promise.resolve({ project: [], global: [] })),
    [project.project_id, canAdd]);
  const [selected, setSelected] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setSelected('');
      onChanged();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (selected) void run(() => api.addArtifactLabel(project.name, repo, artifact.digest, Number(selected)));
  };
  const remove = (label: Label) => {
    if (!busy) void run(() => api.removeArtifactLabel(project.name, repo, artifact.digest, label.id));
  };

  const isFree = (l: Label) => !attached.some((a) => a.id === l.id);
  const projectChoices = (choices.data?.project ?? []).filter(isFree);
  const globalChoices = (choices.data?.global ?? []).filter(isFree);
  const none = projectChoices.length === 0 && globalChoices.length === 0;
  return (
    <section aria-labelledby="artifact-labels">
      <h2 id="artifact-labels">Labels</h2>
      <div className="card">
        <div className="label-list" aria-busy={busy}>
          {attached.length === 0
            ? <span className="muted">No labels.</span>
            : attached.map((l) => <LabelChip key={l.id} label={l} onRemove={canRemove ? () => remove(l) : undefined} />)}
        </div>
        {canAdd && (
          <form className="input-group label-add" onSubmit={add}>
            <select className="input" aria-label="Label to add" value={selected} onChange={(e) => setSelected(e.target.value)}
              disabled={busy || choices.loading || none}>
              <option value="">{choices.loading ? 'Loading labels…' : none ? 'No more labels to add' : 'Choose a label…'}</option>
              {projectChoices.length > 0 && (
                <optgroup label="Project labels">
                  {projectChoices.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
                </optgroup>
              )}
              {globalChoices.length > 0 && (
                <optgroup label="System labels">
                  {globalChoices.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
                </optgroup>
              )}
            </select>
            <button type="submit" className="button" disabled={busy || !selected}>Add Label</button>
          </form>
        )}
        {choices.error && <ErrorMessage message={`The labels to choose from cannot be loaded: ${choices.error}`} />}
        {error && <ErrorMessage message={error} />}
      </div>
    </section>
  );
}

// What an artifact holds: an image's build history and layers, a chart's values and readme, an index's
// manifests per platform; and the manifest itself, as the registry stores it.
import { Link } from 'react-router';
import type { Artifact, Project } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { CopyButton } from '../../components/CopyButton.js';
import { api } from '../../lib/api.js';
import { formatBytes, formatTime, shortDigest } from '../../lib/format.js';
import { useAsync } from '../../lib/hooks.js';
import { artifactHref, platformText, type ArtifactKind } from './artifact-info.js';

interface HistoryEntry { created?: string; created_by?: string; empty_layer?: boolean; comment?: string }
interface Layer { mediaType?: string; digest?: string; size?: number }

function layersOf(manifest: string | undefined): Layer[] | null {
  if (!manifest) return null;
  try {
    const doc = JSON.parse(manifest) as { layers?: unknown };
    return Array.isArray(doc.layers) ? (doc.layers as Layer[]) : null;
  } catch {
    return null;
  }
}

export function ArtifactContent({ project, repo, artifact: a, kind }: { project: Project; repo: string; artifact: Artifact; kind: ArtifactKind }) {
  const full = `${project.name}/${repo}`;
  const manifest = useAsync(() => api.manifest(full, a.digest), [full, a.digest]);
  const links = a.addition_links ?? {};
  const layers = layersOf(manifest.data);
  return (
    <>
      {kind === 'index' && <IndexChildren projectId={project.project_id} repo={repo} artifact={a} />}
      {links.build_history && <BuildHistory projectName={project.name} repo={repo} digest={a.digest} />}
      {kind !== 'index' && layers && layers.length > 0 && <Layers layers={layers} />}
      {links['values.yaml'] && <TextAddition title="Values" id="chart-values" projectName={project.name} repo={repo} digest={a.digest} name="values.yaml" />}
      {links['readme.md'] && <TextAddition title="README" id="chart-readme" projectName={project.name} repo={repo} digest={a.digest} name="readme.md" />}
      <section aria-labelledby="artifact-manifest">
        <h2 id="artifact-manifest">Manifest</h2>
        {manifest.error && <ErrorMessage message={`The manifest cannot be read: ${manifest.error}`} />}
        {manifest.loading && !manifest.data && <div className="loading">Loading…</div>}
        {manifest.data && (
          <>
            <div className="section-actions"><CopyButton text={manifest.data} label="Copy manifest" title="Copy manifest" /></div>
            <pre className="code" tabIndex={0} aria-label="Manifest JSON">{manifest.data}</pre>
          </>
        )}
      </section>
    </>
  );
}

function IndexChildren({ projectId, repo, artifact: a }: { projectId: number; repo: string; artifact: Artifact }) {
  const refs = a.references ?? [];
  return (
    <section aria-labelledby="artifact-children">
      <h2 id="artifact-children">Manifests</h2>
      <div className="data-table table-scroll">
        <table aria-label="Manifests">
          <thead><tr><th>Platform</th><th>Digest</th></tr></thead>
          <tbody>
            {refs.map((r) => (
              <tr key={r.child_digest}>
                <td>{platformText(r.platform) ?? <span className="muted">unknown</span>}</td>
                <td><Link className="digest" to={artifactHref(projectId, repo, r.child_digest)} title={r.child_digest}>{shortDigest(r.child_digest)}</Link></td>
              </tr>
            ))}
            {refs.length === 0 && <tr><td colSpan={2} className="empty-cell"><div className="empty-state">No manifests.</div></td></tr>}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function BuildHistory({ projectName, repo, digest }: { projectName: string; repo: string; digest: string }) {
  const history = useAsync(async () => {
    const text = await api.addition(projectName, repo, digest, 'build_history');
    const parsed = JSON.parse(text || 'null') as unknown;
    return Array.isArray(parsed) ? (parsed as HistoryEntry[]) : [];
  }, [projectName, repo, digest]);
  const rows = history.data ?? [];
  return (
    <section aria-labelledby="artifact-history">
      <h2 id="artifact-history">Build History</h2>
      {history.error && <ErrorMessage message={`The build history cannot be read: ${history.error}`} />}
      {history.loading && !history.data && <div className="loading">Loading…</div>}
      {history.data && (
        <div className="data-table table-scroll">
          <table aria-label="Build History">
            <thead><tr><th>Created</th><th>Command</th></tr></thead>
            <tbody>
              {rows.map((h, i) => (
                <tr key={i}>
                  <td className="nowrap">{formatTime(h.created)}</td>
                  <td>
                    <code className="history-command">{h.created_by || h.comment || '–'}</code>
                    {h.empty_layer && <span className="badge" title="This step added no layer">no layer</span>}
                  </td>
                </tr>
              ))}
              {rows.length === 0 && <tr><td colSpan={2} className="empty-cell"><div className="empty-state">The image records no build history.</div></td></tr>}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Layers({ layers }: { layers: Layer[] }) {
  const total = layers.reduce((n, l) => n + (typeof l.size === 'number' ? l.size : 0), 0);
  return (
    <section aria-labelledby="artifact-layers">
      <h2 id="artifact-layers">Layers <span className="muted">({layers.length}, {formatBytes(total)})</span></h2>
      <div className="data-table table-scroll">
        <table aria-label="Layers">
          <thead><tr><th className="num">#</th><th>Digest</th><th>Media Type</th><th className="num">Size</th></tr></thead>
          <tbody>
            {layers.map((l, i) => (
              <tr key={`${l.digest ?? ''}-${i}`}>
                <td className="num">{i + 1}</td>
                <td className="digest" title={l.digest}>{l.digest ? shortDigest(l.digest) : '–'}</td>
                <td>{l.mediaType ?? '–'}</td>
                <td className="num">{formatBytes(l.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TextAddition({ title, id, projectName, repo, digest, name }: {
  title: string; id: string; projectName: string; repo: string; digest: string; name: string;
}) {
  const text = useAsync(() => api.addition(projectName, repo, digest, name), [projectName, repo, digest, name]);
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title} <span className="muted">({name})</span></h2>
      {text.error && <ErrorMessage message={`${name} cannot be read: ${text.error}`} />}
      {text.loading && text.data === undefined && <div className="loading">Loading…</div>}
      {text.data !== undefined && (text.data.trim()
        ? <pre className="code" tabIndex={0} aria-label={name}>{text.data}</pre>
        : <p className="muted">The chart has no {name}.</p>)}
    </section>
  );
}

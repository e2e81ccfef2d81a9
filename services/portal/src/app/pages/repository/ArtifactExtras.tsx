// What is attached to an artifact: its signatures and SBOMs (stored in the artifact's repository), and
// the summary of its vulnerability scans.
import { Link } from 'react-router';
import type { Accessory, Artifact } from '@harbor/contracts';
import { formatBytes, formatTime, shortDigest } from '../../lib/format.js';
import { accessoryName, artifactHref } from './artifact-info.js';

export function ArtifactAccessories({ projectId, repo, accessories }: { projectId: number; repo: string; accessories: Accessory[] }) {
  return (
    <section aria-labelledby="artifact-accessories">
      <h2 id="artifact-accessories">Accessories</h2>
      <div className="data-table table-scroll">
        <table aria-label="Accessories">
          <thead><tr><th>Type</th><th>Digest</th><th className="num">Size</th><th>Created</th></tr></thead>
          <tbody>
            {accessories.map((x) => (
              <tr key={x.id}>
                <td>{accessoryName(x)}</td>
                <td>
                  <Link className="digest" title={x.digest} to={artifactHref(projectId, repo, x.digest)}>
                    {shortDigest(x.digest)}
                  </Link>
                </td>
                <td className="num">{formatBytes(x.size)}</td>
                <td>{formatTime(x.creation_time)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type ScanOverview = NonNullable<Artifact['scan_overview']>;

export function ArtifactVulnerabilities({ overview }: { overview: ScanOverview }) {
  return (
    <section aria-labelledby="artifact-vulnerabilities">
      <h2 id="artifact-vulnerabilities">Vulnerabilities</h2>
      <div className="card">
        {Object.entries(overview).map(([mime, r]) => (
          <dl className="props" key={mime}>
            <dt>Scanner</dt><dd>{[r.scanner?.name, r.scanner?.version].filter(Boolean).join(' ') || '–'}</dd>
            <dt>Status</dt><dd>{r.scan_status ?? '–'}</dd>
            {r.severity && <><dt>Severity</dt><dd>{r.severity}</dd></>}
            {r.summary && (
              <>
                <dt>Found</dt>
                <dd>
                  {r.summary.total} total, {r.summary.fixable} fixable
                  {Object.keys(r.summary.summary).length > 0 && (
                    <> ({Object.entries(r.summary.summary).map(([sev, n]) => `${n} ${sev}`).join(', ')})</>
                  )}
                </dd>
              </>
            )}
            {r.end_time && <><dt>Scanned</dt><dd>{formatTime(r.end_time)}</dd></>}
          </dl>
        ))}
        <p className="muted">Detailed vulnerability reports are not shown in this console yet.</p>
      </div>
    </section>
  );
}

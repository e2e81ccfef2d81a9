// System Info (system administrators): version and addresses, the settings that shape the system,
// storage and counts, and the health of each component.
import type { OverallHealthStatus } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { CopyField } from '../../components/CopyButton.js';
import { PageHeader } from '../../components/Field.js';
import { api } from '../../lib/api.js';
import { formatBytes, formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/hooks.js';

const AUTH_MODE_NAMES: Record<string, string> = {
  db_auth: 'Database', ldap_auth: 'LDAP', uaa_auth: 'UAA', http_auth: 'HTTP Auth Proxy', oidc_auth: 'OIDC',
};
const COMPONENT_NAMES: Record<string, string> = { core: 'Core', database: 'Database', registry: 'Registry', redis: 'Redis', jobservice: 'Job Service', portal: 'Portal' };

const yesNo = (v: boolean | undefined) => (v === undefined ? '–' : v ? 'Yes' : 'No');

function Stat({ label, value, detail }: { label: string; value: string | number; detail?: string }) {
  return (
    <div className="card">
      <div className="stat-label">{label}</div>
      <div className="stat">{value}</div>
      {detail && <div className="muted">{detail}</div>}
    </div>
  );
}

function Health({ health }: { health: OverallHealthStatus }) {
  return (
    <div className="table-scroll">
      <table aria-label="Component health">
        <thead><tr><th>Component</th><th>Status</th><th>Details</th></tr></thead>
        <tbody>
          {health.components.map((c) => (
            <tr key={c.name}>
              <td>{COMPONENT_NAMES[c.name] ?? c.name}</td>
              <td><span className={`status status-${c.status}`}>{c.status === 'healthy' ? 'Healthy' : 'Unhealthy'}</span></td>
              <td className="muted">{c.error ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SystemInfoPage() {
  const info = useAsync(() => api.systemInfo(), []);
  const stats = useAsync(() => api.statistics(), []);
  const health = useAsync(() => api.health(), []);
  const reload = () => { info.reload(); stats.reload(); health.reload(); };
  const i = info.data;
  const s = stats.data;

  return (
    <>
      <PageHeader title="System Info" subtitle={i?.harbor_version ? `Version ${i.harbor_version}` : undefined}
        actions={<button type="button" className="button" onClick={reload}>Refresh</button>} />

      <h2>Usage</h2>
      {stats.error && <ErrorMessage message={stats.error} />}
      <div className="cards" aria-busy={stats.loading}>
        <Stat label="Storage used" value={s ? formatBytes(s.total_storage_consumption) : '…'} detail="Across every project" />
        <Stat label="Projects" value={s?.total_project_count ?? '…'}
          detail={s ? `${s.public_project_count} public, ${s.private_project_count} private` : undefined} />
        <Stat label="Repositories" value={s?.total_repo_count ?? '…'}
          detail={s ? `${s.public_repo_count} public, ${s.private_repo_count} private` : undefined} />
      </div>

      <div className="info-grid">
        <section className="card" aria-labelledby="sysinfo-general">
          <h2 id="sysinfo-general">General</h2>
          {info.error && <ErrorMessage message={info.error} />}
          {!i && !info.error && <div className="loading">Loading…</div>}
          {i && (
            <dl className="props">
              <dt>Version</dt><dd>{i.harbor_version || '–'}</dd>
              <dt>Registry</dt><dd>{i.registry_url ? <CopyField text={i.registry_url} label="Copy registry address" /> : '–'}</dd>
              <dt>External URL</dt><dd>{i.external_url ? <a href={i.external_url}>{i.external_url}</a> : '–'}</dd>
              <dt>Storage</dt><dd>{i.registry_storage_provider_name || '–'}</dd>
              <dt>Server time</dt><dd>{formatTime(i.current_time)}</dd>
              <dt>CA certificate</dt>
              <dd>{i.has_ca_root ? <a href="/api/v2.0/systeminfo/getcert" download>Download the registry's root certificate</a> : 'None: the registry uses a certificate clients already trust, or plain HTTP.'}</dd>
            </dl>
          )}
        </section>
        <section className="card" aria-labelledby="sysinfo-settings">
          <h2 id="sysinfo-settings">Settings</h2>
          {i && (
            <dl className="props">
              <dt>Authentication</dt><dd>{i.auth_mode ? AUTH_MODE_NAMES[i.auth_mode] ?? i.auth_mode : '–'}</dd>
              <dt>Project creation</dt><dd>{i.project_creation_restriction === 'adminonly' ? 'Administrators only' : i.project_creation_restriction === 'everyone' ? 'Everyone' : '–'}</dd>
              <dt>Self-registration</dt><dd>{yesNo(i.self_registration)}</dd>
              <dt>Read-only mode</dt><dd>{i.read_only ? <strong>On: pushes and deletions are refused</strong> : 'Off'}</dd>
              <dt>Webhooks</dt><dd>{i.notification_enable === undefined ? '–' : i.notification_enable ? 'Enabled' : 'Disabled'}</dd>
            </dl>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="sysinfo-health">
        <div className="section-head">
          <h2 id="sysinfo-health">Component health</h2>
          {health.data && <span className={`status status-${health.data.status}`}>{health.data.status === 'healthy' ? 'All healthy' : 'Some components are unhealthy'}</span>}
        </div>
        {health.error && <ErrorMessage message={health.error} />}
        {!health.data && !health.error && <div className="loading">Checking…</div>}
        {health.data && <Health health={health.data} />}
      </section>
    </>
  );
}

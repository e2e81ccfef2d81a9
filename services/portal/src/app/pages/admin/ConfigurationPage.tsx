// Configuration (system administrators): authentication, security and system settings. Each value comes
// with whether it may be changed; Save sends only what was changed, Cancel goes back to the saved values.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { ConfigurationsResponse } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { Field, PageHeader } from '../../components/Field.js';
import { api, messageOf } from '../../lib/api.js';
import { useAsync } from '../../lib/hooks.js';

/** The settings this screen edits, with the kind of value each holds. */
const KEYS = {
  auth_mode: 'string',
  project_creation_restriction: 'string',
  self_registration: 'bool',
  token_expiration: 'int',
  robot_token_duration: 'int',
  robot_name_prefix: 'string',
  session_timeout: 'int',
  read_only: 'bool',
  audit_log_forward_endpoint: 'string',
  skip_audit_log_database: 'bool',
} as const;
type Key = keyof typeof KEYS;
/** Numbers are edited as text so a half-typed value can be shown and checked. */
type Values = Record<Key, string | boolean>;

const AUTH_MODE_NAMES: Record<string, string> = {
  db_auth: 'Database', ldap_auth: 'LDAP', uaa_auth: 'UAA', http_auth: 'HTTP Auth Proxy', oidc_auth: 'OIDC',
};
const INT32_MAX = 2147483647;
const ENDPOINT_RE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

function valuesOf(cfg: ConfigurationsResponse): Values {
  const out = {} as Values;
  for (const key of Object.keys(KEYS) as Key[]) {
    const v = (cfg as Record<string, { value: unknown } | undefined>)[key]?.value;
    out[key] = KEYS[key] === 'bool' ? Boolean(v) : v === undefined || v === null ? '' : String(v);
  }
  return out;
}

function editableOf(cfg: ConfigurationsResponse, key: Key): boolean {
  return (cfg as Record<string, { editable: boolean } | undefined>)[key]?.editable ?? false;
}

/** What is wrong with each value, in words. */
function problems(v: Values): Partial<Record<Key, string>> {
  const out: Partial<Record<Key, string>> = {};
  for (const key of ['token_expiration', 'robot_token_duration', 'session_timeout'] as const) {
    const s = String(v[key]).trim();
    const n = Number(s);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n <= 0 || n > INT32_MAX) out[key] = 'Enter a whole number greater than 0.';
  }
  const prefix = String(v.robot_name_prefix);
  if (!prefix) out.robot_name_prefix = 'The prefix cannot be empty.';
  else if (prefix.includes(':')) out.robot_name_prefix = 'The prefix cannot contain ":".';
  const endpoint = String(v.audit_log_forward_endpoint).trim();
  if (endpoint && (!ENDPOINT_RE.test(endpoint) || Number(endpoint.slice(endpoint.lastIndexOf(':') + 1)) > 65535)) {
    out.audit_log_forward_endpoint = 'Enter host:port, e.g. syslog.example.com:514.';
  }
  if (v.skip_audit_log_database && !endpoint) out.skip_audit_log_database = 'Set a forwarding endpoint first: the log would otherwise be lost.';
  return out;
}

/** The changed keys with their values as the server takes them. */
function changes(saved: Values, current: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(KEYS) as Key[]) {
    if (saved[key] === current[key]) continue;
    const v = current[key];
    out[key] = KEYS[key] === 'int' ? Number(String(v).trim()) : typeof v === 'string' && key === 'audit_log_forward_endpoint' ? v.trim() : v;
  }
  return out;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card settings-section" aria-labelledby={`section-${title}`}>
      <h2 id={`section-${title}`}>{title}</h2>
      {children}
    </section>
  );
}

export function ConfigurationPage() {
  const config = useAsync(() => api.configurations(), []);
  const [saved, setSaved] = useState<Values | null>(null);
  const [form, setForm] = useState<Values | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!config.data) return;
    const v = valuesOf(config.data);
    setSaved(v);
    setForm(v);
  }, [config.data]);

  if (config.error) return <><PageHeader title="Configuration" /><ErrorMessage message={config.error} /></>;
  if (!config.data || !form || !saved) return <><PageHeader title="Configuration" /><div className="loading">Loading…</div></>;

  const cfg = config.data;
  const issues = problems(form);
  const diff = changes(saved, form);
  const dirty = Object.keys(diff).length > 0;
  const locked = (key: Key) => !editableOf(cfg, key) || busy;
  const set = (key: Key, value: string | boolean) => { setNotice(null); setForm({ ...form, [key]: value }); };
  const text = (key: Key, id: string, props: { type?: string; min?: number; inputMode?: 'numeric' } = {}) => (
    <input id={id} className="input" value={String(form[key])} disabled={locked(key)} aria-invalid={Boolean(issues[key])}
      onChange={(e) => set(key, e.target.value)} {...props} />
  );
  const check = (key: Key, label: string) => (
    <label className="checkbox"><input type="checkbox" checked={Boolean(form[key])} disabled={locked(key)} onChange={(e) => set(key, e.target.checked)} /> {label}</label>
  );

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || Object.keys(issues).length > 0) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api.updateConfigurations(diff);
      setSaved(form);
      setNotice('The configuration was saved.');
      config.reload();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => { setForm(saved); setError(null); setNotice(null); };
  const authMode = String(form.auth_mode);

  return (
    <>
      <PageHeader title="Configuration" subtitle="System-wide settings. Changes apply to every project and user." />
      <form className="settings" onSubmit={save} aria-label="Configuration">
        <Section title="Authentication">
          <Field label="Auth Mode" htmlFor="cfg-auth-mode"
            hint={authMode === 'db_auth' ? 'Only database authentication is available in this installation: users are created here or sign themselves up.' : undefined}>
            <input id="cfg-auth-mode" className="input" readOnly value={AUTH_MODE_NAMES[authMode] ?? authMode} />
          </Field>
          <Field label="Project Creation" htmlFor="cfg-project-creation" hint="Who may create new projects.">
            <select id="cfg-project-creation" className="input" value={String(form.project_creation_restriction)} disabled={locked('project_creation_restriction')}
              onChange={(e) => set('project_creation_restriction', e.target.value)}>
              <option value="everyone">Everyone</option>
              <option value="adminonly">Admin Only</option>
            </select>
          </Field>
          <div className="field">
            {check('self_registration', 'Allow self-registration')}
            <div className="field-hint">When on, visitors can create their own account from the sign-in page.</div>
          </div>
        </Section>

        <Section title="Security">
          <Field label="Token Expiration (Minutes)" htmlFor="cfg-token-expiration" error={issues.token_expiration}
            hint="How long a token issued to docker and other clients stays valid.">
            {text('token_expiration', 'cfg-token-expiration', { type: 'number', min: 1, inputMode: 'numeric' })}
          </Field>
          <Field label="Robot Token Expiration (Days)" htmlFor="cfg-robot-duration" error={issues.robot_token_duration}
            hint="The default lifetime of a new robot account.">
            {text('robot_token_duration', 'cfg-robot-duration', { type: 'number', min: 1, inputMode: 'numeric' })}
          </Field>
          <Field label="Robot Name Prefix" htmlFor="cfg-robot-prefix" error={issues.robot_name_prefix}
            hint="Put in front of every robot account's name (e.g. robot$). Existing robots keep their names.">
            {text('robot_name_prefix', 'cfg-robot-prefix')}
          </Field>
          <Field label="Session Timeout (Minutes)" htmlFor="cfg-session-timeout" error={issues.session_timeout}
            hint="A signed-in console session ends after this long without activity.">
            {text('session_timeout', 'cfg-session-timeout', { type: 'number', min: 1, inputMode: 'numeric' })}
          </Field>
        </Section>

        <Section title="System">
          <div className="field">
            {check('read_only', 'Repository Read Only')}
            <div className="field-hint">When on, pushes and deletions are refused everywhere; pulls keep working. Useful during maintenance.</div>
          </div>
          <Field label="Audit Log Forward Endpoint" htmlFor="cfg-audit-endpoint" error={issues.audit_log_forward_endpoint}
            hint="A syslog endpoint (host:port) that receives every audit log entry. Leave empty to keep entries only here.">
            {text('audit_log_forward_endpoint', 'cfg-audit-endpoint')}
          </Field>
          <div className="field">
            {check('skip_audit_log_database', 'Skip Audit Log Database')}
            {issues.skip_audit_log_database
              ? <div className="field-error" role="alert">{issues.skip_audit_log_database}</div>
              : <div className="field-hint">When on, audit entries are only forwarded and no longer appear under Logs.</div>}
          </div>
        </Section>

        {error && <ErrorMessage message={error} />}
        {notice && <div className="alert alert-success" role="status">{notice}</div>}
        <div className="form-actions form-actions-start">
          <button type="submit" className="button button-primary" disabled={busy || !dirty || Object.keys(issues).length > 0}>{busy ? 'Saving…' : 'Save'}</button>
          <button type="button" className="button" disabled={busy || !dirty} onClick={cancel}>Cancel</button>
        </div>
      </form>
    </>
  );
}

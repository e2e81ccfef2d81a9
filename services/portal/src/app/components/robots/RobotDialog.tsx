// New or edited robot account: name, expiry, description and what it may do — in its project, or for a
// system robot in all or chosen projects and optionally at system level.
import { useEffect, useState, type FormEvent } from 'react';
import type { Project, Robot, RobotCreated, RobotPermission } from '@harbor/contracts';
import type { Permission } from '@harbor/client';
import { api, messageOf } from '../../lib/api.js';
import { useAsync } from '../../lib/hooks.js';
import { ErrorMessage } from '../ConfirmDialog.js';
import { Field } from '../Field.js';
import { Modal } from '../Modal.js';
import { PermissionGrid } from './PermissionGrid.js';
import { ProjectPicker } from './ProjectPicker.js';
import { DEFAULT_ACCESS, FALLBACK_PROJECT_PERMISSIONS, keysOf, toAccess } from './robotPermissions.js';

export type RobotTarget = { level: 'project'; project: Project } | { level: 'system' };

const NAME_RE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

function nameError(name: string): string | null {
  if (!name) return null;
  if (name.length > 255) return 'At most 255 characters.';
  if (!NAME_RE.test(name)) return 'Lowercase letters, digits and . _ - between them only; start and end with a letter or digit.';
  return null;
}

function durationError(raw: string): string | null {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || (n !== -1 && (n < 1 || n >= 2147483647))) return 'Whole days, or -1 for never.';
  return null;
}

export function RobotDialog({ target, open, editing, onClose, onCreated, onSaved }: {
  target: RobotTarget;
  open: boolean;
  /** The robot being edited; a new one when absent. */
  editing?: Robot | null;
  onClose: () => void;
  onCreated: (robot: RobotCreated) => void;
  onSaved: () => void;
}) {
  const grantable = useAsync(() => api.robotPermissions(), []);
  const projectGrants: Permission[] = grantable.data?.project?.length ? grantable.data.project : FALLBACK_PROJECT_PERMISSIONS;
  const systemGrants: Permission[] = grantable.data?.system ?? [];

  // A new robot expires after the system's robot_token_duration, as Harbor's console fills it in; callers
  // who may not read the configuration (project admins) start from Harbor's default of 30 days.
  const configured = useAsync(() => api.configurations().then((c) => c.robot_token_duration?.value), []);
  const defaultDays = configured.data ?? 30;
  const [name, setName] = useState('');
  const [duration, setDuration] = useState('30');
  const [durationTouched, setDurationTouched] = useState(false);
  const [description, setDescription] = useState('');
  const [access, setAccess] = useState<Set<string>>(new Set(DEFAULT_ACCESS));
  const [systemAccess, setSystemAccess] = useState<Set<string>>(new Set());
  const [allProjects, setAllProjects] = useState(true);
  const [projects, setProjects] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setName(editing?.name ?? '');
    setDuration(String(editing?.duration ?? defaultDays));
    setDurationTouched(false);
    setDescription(editing?.description ?? '');
    setAccess(editing ? keysOf(editing.permissions, 'project') : new Set(DEFAULT_ACCESS));
    setSystemAccess(editing ? keysOf(editing.permissions, 'system') : new Set());
    const namespaces = (editing?.permissions ?? []).filter((p) => p.kind === 'project').map((p) => p.namespace);
    setAllProjects(!editing || namespaces.includes('*') || namespaces.length === 0);
    setProjects(namespaces.filter((n) => n !== '*'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, editing]);

  // The configured duration may arrive after the dialog opened: use it unless the field was edited.
  useEffect(() => {
    if (open && !editing && !durationTouched) setDuration(String(defaultDays));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [defaultDays]);

  const nError = editing ? null : nameError(name);
  const dError = durationError(duration);

  const permissions = (): RobotPermission[] => {
    const projectAccess = toAccess(access);
    if (target.level === 'project') return [{ kind: 'project', namespace: target.project.name, access: projectAccess }];
    const out: RobotPermission[] = [];
    if (systemAccess.size > 0) out.push({ kind: 'system', namespace: '/', access: toAccess(systemAccess) });
    if (projectAccess.length > 0) {
      for (const ns of allProjects ? ['*'] : projects) out.push({ kind: 'project', namespace: ns, access: projectAccess });
    }
    return out;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name || nError || dError) return;
    const perms = permissions();
    if (perms.length === 0 || perms.some((p) => p.access.length === 0)) {
      setError(target.level === 'system' && !allProjects && projects.length === 0 && access.size > 0
        ? 'Choose at least one project, or let the robot cover all projects.'
        : 'Choose at least one permission.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (editing) {
        await api.updateRobot(editing.id, { ...editing, description, duration: Number(duration), permissions: perms });
        onSaved();
      } else {
        const created = await api.createRobot({ name, duration: Number(duration), description, level: target.level, permissions: perms, disable: false });
        onCreated(created);
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const title = editing ? 'Edit Robot Account' : 'New Robot Account';
  return (
    <Modal title={title} open={open} onClose={onClose} wide>
      <form onSubmit={submit} aria-label={title}>
        <div className="form-columns">
          <Field label="Name" htmlFor="robot-name" error={nError}
            hint={editing ? undefined : target.level === 'project' ? `Signs in as robot$${target.project.name}+<name>.` : 'Signs in as robot$<name>.'}>
            <input id="robot-name" className="input" required autoFocus={!editing} readOnly={Boolean(editing)} value={name}
              onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Expiration time" htmlFor="robot-duration" error={dError} hint={editing ? 'Days, counted from creation; -1 never expires.' : 'Days; -1 never expires.'}>
            <input id="robot-duration" className="input" type="number" min={-1} step={1} required value={duration}
              onChange={(e) => { setDuration(e.target.value); setDurationTouched(true); }} />
          </Field>
        </div>
        <Field label="Description" htmlFor="robot-description">
          <textarea id="robot-description" className="input" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        {target.level === 'system' && (
          <fieldset className="field fieldset-plain">
            <legend>Projects</legend>
            <label className="checkbox"><input type="radio" name="robot-coverage" checked={allProjects} onChange={() => setAllProjects(true)} /> Cover all projects (including future ones)</label>
            <label className="checkbox"><input type="radio" name="robot-coverage" checked={!allProjects} onChange={() => setAllProjects(false)} /> Only selected projects</label>
            {!allProjects && <ProjectPicker selected={projects} onChange={setProjects} />}
          </fieldset>
        )}
        <fieldset className="field fieldset-plain">
          <legend>{target.level === 'project' ? `Permissions in ${target.project.name}` : 'Project permissions'}</legend>
          {grantable.error && <div className="field-hint">The full list of permissions could not be loaded; the common ones are shown.</div>}
          <PermissionGrid caption="Project permissions" permissions={projectGrants} selected={access} onChange={setAccess} />
        </fieldset>
        {target.level === 'system' && systemGrants.length > 0 && (
          <details className="field" open={systemAccess.size > 0}>
            <summary>System permissions ({systemAccess.size} selected)</summary>
            <PermissionGrid caption="System permissions" permissions={systemGrants} selected={systemAccess} onChange={setSystemAccess} />
          </details>
        )}
        {error && <ErrorMessage message={error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy || !name || Boolean(nError || dError)}>
            {busy ? 'Saving…' : editing ? 'Save' : 'Add'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

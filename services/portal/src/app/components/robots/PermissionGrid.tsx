// A grid of grantable resources (rows) and actions (columns), one checkbox per grant.
import type { Permission } from '@harbor/client';
import { accessKey, actionName, groupByResource, resourceName, sortActions } from './robotPermissions.js';

export function PermissionGrid({ permissions, selected, onChange, caption }: {
  permissions: readonly Permission[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  caption: string;
}) {
  const rows = groupByResource(permissions);
  const actions = sortActions([...new Set(permissions.map((p) => p.action))]);
  const all = permissions.map((p) => accessKey(p.resource, p.action));
  const toggle = (key: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(key);
    else next.delete(key);
    onChange(next);
  };
  const toggleRow = (resource: string, rowActions: string[]) => {
    const keys = rowActions.map((a) => accessKey(resource, a));
    const on = !keys.every((k) => selected.has(k));
    const next = new Set(selected);
    for (const k of keys) if (on) next.add(k); else next.delete(k);
    onChange(next);
  };
  const count = all.filter((k) => selected.has(k)).length;
  return (
    <div className="perm-grid">
      <div className="perm-grid-head">
        <span className="muted">{count} of {all.length} selected</span>
        <button type="button" className="button button-small" onClick={() => onChange(new Set([...selected, ...all]))}>Select all</button>
        <button type="button" className="button button-small" onClick={() => onChange(new Set([...selected].filter((k) => !all.includes(k))))}>Clear</button>
      </div>
      <div className="table-scroll perm-grid-scroll">
        <table aria-label={caption}>
          <thead>
            <tr>
              <th scope="col">Resource</th>
              {actions.map((a) => <th key={a} scope="col" className="perm-cell">{actionName(a)}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.resource}>
                <th scope="row">
                  <button type="button" className="link-button" title={`Select or clear every ${resourceName(row.resource)} action`}
                    onClick={() => toggleRow(row.resource, row.actions)}>{resourceName(row.resource)}</button>
                </th>
                {actions.map((a) => {
                  const key = accessKey(row.resource, a);
                  return (
                    <td key={a} className="perm-cell">
                      {row.actions.includes(a) && (
                        <input type="checkbox" aria-label={`${resourceName(row.resource)} ${a}`} checked={selected.has(key)}
                          onChange={(e) => toggle(key, e.target.checked)} />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

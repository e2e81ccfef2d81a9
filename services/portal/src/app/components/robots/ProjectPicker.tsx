// Picks project names for a system robot: search projects, tick the ones it covers.
import { useEffect, useState } from 'react';
import { buildQ } from '@harbor/client';
import { api, messageOf } from '../../lib/api.js';

export function ProjectPicker({ selected, onChange }: { selected: string[]; onChange: (names: string[]) => void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api.projects({ page: 1, page_size: 20, sort: 'name', q: buildQ({ name: { kind: 'fuzzy', value: query.trim() } }) }).then(
        (p) => { if (live) { setFound(p.items.map((x) => x.name)); setError(null); } },
        (err: unknown) => { if (live) setError(messageOf(err)); },
      );
    }, 250);
    return () => { live = false; clearTimeout(t); };
  }, [query]);

  const toggle = (name: string, on: boolean) => onChange(on ? [...selected, name] : selected.filter((n) => n !== name));
  const shown = [...selected, ...found.filter((n) => !selected.includes(n))];
  return (
    <div className="project-picker">
      <input type="search" className="input" placeholder="Find projects" aria-label="Find projects" value={query}
        onChange={(e) => setQuery(e.target.value)} />
      {error && <div className="field-error" role="alert">{error}</div>}
      <ul className="project-picker-list" aria-label="Projects">
        {shown.map((name) => (
          <li key={name}>
            <label className="checkbox">
              <input type="checkbox" checked={selected.includes(name)} onChange={(e) => toggle(name, e.target.checked)} /> {name}
            </label>
          </li>
        ))}
        {shown.length === 0 && !error && <li className="muted">No project matches.</li>}
      </ul>
      <div className="field-hint">{selected.length} project{selected.length === 1 ? '' : 's'} selected</div>
    </div>
  );
}

// Tabs as links (each tab is a URL), styled as a tab bar.
import { NavLink } from 'react-router';

export function Tabs({ tabs, label }: { tabs: Array<{ to: string; label: string; end?: boolean }>; label: string }) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((t) => (
        <NavLink key={t.to} to={t.to} end={t.end} className={({ isActive }) => `tab${isActive ? ' tab-active' : ''}`}>{t.label}</NavLink>
      ))}
    </nav>
  );
}

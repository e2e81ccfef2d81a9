// The frame around every signed-in (or anonymous) screen: header with the global search, theme switch and
// user menu; side navigation (Administration only for system administrators); the screen itself.
import { useState, type FormEvent } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { useSession } from '../lib/session.js';
import { currentTheme, setTheme, type Theme } from '../lib/theme.js';

export function Shell() {
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [theme, setThemeState] = useState<Theme>(currentTheme());
  const [navOpen, setNavOpen] = useState(false);
  const search = (e: FormEvent) => {
    e.preventDefault();
    if (query.trim()) navigate(`/harbor/search?q=${encodeURIComponent(query.trim())}`);
  };
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    setTheme(next);
    setThemeState(next);
  };
  const link = ({ isActive }: { isActive: boolean }) => `nav-link${isActive ? ' nav-link-active' : ''}`;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <button type="button" className="icon-button nav-toggle" aria-label="Menu" aria-expanded={navOpen} onClick={() => setNavOpen(!navOpen)}>☰</button>
        <Link to="/harbor/projects" className="brand"><img src="/favicon.svg" alt="" width="24" height="24" /> Harbor</Link>
        <form role="search" className="global-search" onSubmit={search}>
          <input type="search" className="input" placeholder="Search projects and repositories" aria-label="Search projects and repositories"
            value={query} onChange={(e) => setQuery(e.target.value)} />
        </form>
        <div className="topbar-right">
          <button type="button" className="icon-button" onClick={toggleTheme} aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
            title={theme === 'dark' ? 'Light theme' : 'Dark theme'}>{theme === 'dark' ? '☀' : '☾'}</button>
          {user ? (
            <details className="user-menu">
              <summary aria-label={`User menu for ${user.username}`}>{user.username}</summary>
              <div className="menu">
                <Link to="/harbor/profile">User profile</Link>
                <Link to="/harbor/password">Change password</Link>
                <button type="button" onClick={() => { void signOut().then(() => navigate('/account/sign-in')); }}>Sign out</button>
              </div>
            </details>
          ) : (
            <Link className="button button-primary" to="/account/sign-in">Sign in</Link>
          )}
        </div>
      </header>
      <div className="body">
        <nav className={`sidenav${navOpen ? ' sidenav-open' : ''}`} aria-label="Main" onClick={() => setNavOpen(false)}>
          <NavLink to="/harbor/projects" className={link}>Projects</NavLink>
          {user && <NavLink to="/harbor/logs" className={link} end>Logs</NavLink>}
          {user?.sysadmin_flag && (
            <>
              <div className="nav-group">Administration</div>
              <NavLink to="/harbor/users" className={link}>Users</NavLink>
              <NavLink to="/harbor/robot-accounts" className={link}>Robot Accounts</NavLink>
              <NavLink to="/harbor/labels" className={link}>Labels</NavLink>
              <NavLink to="/harbor/configs" className={link}>Configuration</NavLink>
              <NavLink to="/harbor/systeminfo" className={link}>System Info</NavLink>
            </>
          )}
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}

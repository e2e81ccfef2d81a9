// The console's routes, as Harbor's portal names them (`/harbor/projects/3/repositories`, …).
import type { ReactElement } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Shell } from './layout/Shell.js';
import { SessionProvider, useSession } from './lib/session.js';
import { ChangePasswordPage } from './pages/account/ChangePasswordPage.js';
import { ProfilePage } from './pages/account/ProfilePage.js';
import { AuditLogPage } from './pages/admin/AuditLogPage.js';
import { ConfigurationPage } from './pages/admin/ConfigurationPage.js';
import { SystemInfoPage } from './pages/admin/SystemInfoPage.js';
import { SystemLabelsPage } from './pages/admin/SystemLabelsPage.js';
import { SystemRobotsPage } from './pages/admin/SystemRobotsPage.js';
import { UsersPage } from './pages/admin/UsersPage.js';
import { NotFound } from './pages/NotFound.js';
import { ProjectDetail } from './pages/project/ProjectDetail.js';
import { ProjectsPage } from './pages/projects/ProjectsPage.js';
import { ArtifactPage } from './pages/repository/ArtifactPage.js';
import { RepositoryPage } from './pages/repository/RepositoryPage.js';
import { SearchPage } from './pages/search/SearchPage.js';
import { SignIn } from './pages/SignIn.js';

/** Screens for signed-in users only: anonymous visitors are sent to sign in and brought back. */
function RequireUser({ admin, children }: { admin?: boolean; children: ReactElement }) {
  const { user, loading } = useSession();
  if (loading) return <div className="loading">Loading…</div>;
  if (!user) return <Navigate to={`/account/sign-in?redirect_url=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (admin && !user.sysadmin_flag) return <div className="alert alert-error" role="alert">Only system administrators can open this page.</div>;
  return children;
}

function Screens() {
  const { loading } = useSession();
  if (loading) return <div className="loading">Loading…</div>;
  return (
    <Routes>
      <Route path="/" element={<Navigate to="/harbor/projects" replace />} />
      <Route path="/account/sign-in" element={<SignIn />} />
      <Route path="/harbor" element={<Shell />}>
        <Route index element={<Navigate to="/harbor/projects" replace />} />
        <Route path="projects" element={<ProjectsPage />} />
        <Route path="projects/:projectId/repositories/:repo" element={<RepositoryPage />} />
        <Route path="projects/:projectId/repositories/:repo/artifacts/:reference" element={<ArtifactPage />} />
        <Route path="projects/:projectId/*" element={<ProjectDetail />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="logs" element={<RequireUser><AuditLogPage /></RequireUser>} />
        <Route path="profile" element={<RequireUser><ProfilePage /></RequireUser>} />
        <Route path="password" element={<RequireUser><ChangePasswordPage /></RequireUser>} />
        <Route path="users" element={<RequireUser admin><UsersPage /></RequireUser>} />
        <Route path="robot-accounts" element={<RequireUser admin><SystemRobotsPage /></RequireUser>} />
        <Route path="labels" element={<RequireUser admin><SystemLabelsPage /></RequireUser>} />
        <Route path="configs" element={<RequireUser admin><ConfigurationPage /></RequireUser>} />
        <Route path="systeminfo" element={<RequireUser admin><SystemInfoPage /></RequireUser>} />
        <Route path="*" element={<NotFound />} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Screens />
    </SessionProvider>
  );
}

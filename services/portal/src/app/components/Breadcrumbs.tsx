// Where a screen sits: "Projects › demo › team/app › sha256:…", each step but the last a link.
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';

export interface Crumb {
  label: ReactNode;
  /** Absent on the current page. */
  to?: string;
  className?: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs">
      {items.map((c, i) => (
        <Fragment key={i}>
          {i > 0 && ' › '}
          {c.to ? <Link to={c.to}>{c.label}</Link> : <span aria-current="page" className={c.className}>{c.label}</span>}
        </Fragment>
      ))}
    </nav>
  );
}

/** The first steps every project screen shares: Projects › <project>. */
export function projectCrumbs(projectId: string | number, projectName?: string): Crumb[] {
  return [{ label: 'Projects', to: '/harbor/projects' }, { label: projectName ?? 'Project', to: `/harbor/projects/${projectId}/repositories` }];
}

// A project's own labels (global ones are managed by system administrators).
import type { Project } from '@harbor/contracts';
import { LabelsManager } from '../../components/labels/LabelsManager.js';
import { usePermissions } from '../../lib/session.js';

export function LabelsTab({ project }: { project: Project }) {
  const { can } = usePermissions(project.project_id);
  return <LabelsManager scope="p" projectId={project.project_id} canEdit={can('label', 'create')} />;
}

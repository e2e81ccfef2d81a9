// A project's robot accounts: machine credentials limited to this project.
import type { Project } from '@harbor/contracts';
import { RobotsManager } from '../../components/robots/RobotsManager.js';

export function RobotsTab({ project }: { project: Project }) {
  return <RobotsManager level="project" project={project} />;
}

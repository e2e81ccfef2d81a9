// Tag retention in core: the policy store, the policy service (bound to project deletion, so a project's
// policy, runs and schedule go with it) and the runs service over the shared job services.
import type { PrismaClient } from '@harbor/db';
import { RetentionRunsService } from '../domain/retention/retention-runs.service.js';
import { RetentionService } from '../domain/retention/retention.service.js';
import type { ProjectService } from '../domain/projects/project.service.js';
import { RetentionPolicyRepo } from '../store/retention-policy.repo.js';
import type { JobServices } from './jobs.js';

export function retentionServices(db: PrismaClient, projects: ProjectService, jobs: Pick<JobServices, 'executions' | 'schedules' | 'tasks'>) {
  const retention = new RetentionService(projects, new RetentionPolicyRepo(db), jobs.schedules, jobs.executions);
  projects.onDelete((projectId) => retention.removeForProject(projectId));
  return { retention, retentionRuns: new RetentionRunsService(retention, jobs.executions, jobs.tasks) };
}

// Who did what, when, from where. Recording never fails the operation it describes: a write error is
// logged and the request goes on. Reading follows Harbor: system admins see everything, others the
// logs of projects where they may list logs (project admins).
import type { Prisma } from '@harbor/db';
import type { Logger } from '@harbor/telemetry';
import { ApiError } from '../../http/errors.js';
import type { AuditRecord, AuditRepo } from '../../store/audit.repo.js';
import type { ProjectRecord } from '../../store/project.repo.js';
import { principalName, type Principal } from '../identity/authenticator.js';
import type { ProjectService } from '../projects/project.service.js';
import type { AuditForwarder } from './audit-forwarder.js';

export interface AuditEvent {
  operation: 'create' | 'update' | 'delete' | 'login' | 'logout' | 'pull' | 'push';
  resourceType: string;
  resource: string;
  projectId?: number;
}

export class AuditService {
  constructor(private readonly repo: AuditRepo, private readonly projects: ProjectService, private readonly logger: Logger,
    private readonly forwarder?: AuditForwarder) {}

  async record(principal: Principal, event: AuditEvent, clientIp = ''): Promise<void> {
    try {
      const entry = {
        projectId: event.projectId ?? 0,
        operation: event.operation,
        resourceType: event.resourceType,
        // the column holds 1024 characters; a longer name is still worth recording
        resource: event.resource.slice(0, 1024),
        username: principalName(principal) || 'anonymous',
        clientIp,
      };
      if (this.forwarder) {
        await this.forwarder.send({ ...entry, opTime: new Date() });
        if (await this.forwarder.skipDatabase()) return;
      }
      await this.repo.add(entry);
    } catch (err) {
      this.logger.error({ err, event: { ...event } }, 'audit log write failed');
    }
  }

  /** Every entry (admins), filtered by `where`. */
  async listAll(principal: Principal, where: Prisma.AuditLogWhereInput, page: { offset: number; limit: number | undefined },
    orderBy: Prisma.AuditLogOrderByWithRelationInput[]): Promise<{ total: number; items: AuditRecord[] }> {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    if (principal.kind === 'user' && principal.sysadmin) return this.repo.list(where, page, orderBy);
    // Everybody else, as in Harbor: the entries of the projects where their role may list logs.
    const ids = principal.kind === 'user' ? await this.projects.projectsAllowing(principal.id, 'log', 'list') : [];
    if (ids.length === 0) return { total: 0, items: [] };
    return this.repo.list({ AND: [where, { projectId: { in: ids } }] }, page, orderBy);
  }

  async listProject(principal: Principal, project: ProjectRecord, where: Prisma.AuditLogWhereInput, page: { offset: number; limit: number | undefined },
    orderBy: Prisma.AuditLogOrderByWithRelationInput[]): Promise<{ total: number; items: AuditRecord[] }> {
    await this.projects.authorize(principal, project, 'log', 'list');
    return this.repo.list({ AND: [where, { projectId: project.id }] }, page, orderBy);
  }
}

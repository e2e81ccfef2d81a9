// The audit log (audit_log): append and page through, newest first.
import type { Prisma, PrismaClient } from '@harbor/db';

export interface AuditEntry {
  projectId: number;
  operation: string;
  resourceType: string;
  resource: string;
  username: string;
  clientIp: string;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  opTime: Date;
}

export class AuditRepo {
  constructor(private readonly db: PrismaClient) {}

  async add(entry: AuditEntry): Promise<void> {
    await this.db.auditLog.create({ data: entry });
  }

  async list(where: Prisma.AuditLogWhereInput, page: { offset: number; limit: number | undefined }, orderBy: Prisma.AuditLogOrderByWithRelationInput[]):
    Promise<{ total: number; items: AuditRecord[] }> {
    const [total, items] = await Promise.all([
      this.db.auditLog.count({ where }),
      this.db.auditLog.findMany({ where, orderBy: orderBy.length ? orderBy : [{ opTime: 'desc' }, { id: 'desc' }], skip: page.offset, take: page.limit }),
    ]);
    return { total, items };
  }
}

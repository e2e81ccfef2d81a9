// Webhook (notification) policies in the notification_policy table: the API's CRUD, and the enabled
// policies the event consumer matches events against. Targets and event types are JSON columns.
import { isUniqueViolation, Prisma, type PrismaClient, queryRows } from '@harbor/db';
import type { WebhookNotifyType, WebhookPayloadFormat } from '@harbor/contracts';

export interface PolicyTarget {
  type: WebhookNotifyType;
  address: string;
  auth_header?: string;
  skip_cert_verify: boolean;
  payload_format?: WebhookPayloadFormat;
}

export interface PolicyRecord {
  id: number;
  name: string;
  description: string;
  projectId: number;
  enabled: boolean;
  targets: PolicyTarget[];
  eventTypes: string[];
  creator: string;
  creationTime: Date;
  updateTime: Date;
}

export interface PolicyValues {
  name: string;
  description: string;
  enabled: boolean;
  targets: PolicyTarget[];
  eventTypes: string[];
}

/** An enabled policy with what notifications need of its project. */
export interface ActivePolicy extends PolicyRecord {
  projectName: string;
  projectPublic: boolean;
}

/** A policy of that name already exists in the project. */
export class PolicyConflictError extends Error {}

type Row = {
  id: number; name: string; description: string; projectId: number; enabled: boolean; targets: unknown; eventTypes: unknown;
  creator: string; creationTime: Date; updateTime: Date;
};

function toRecord(r: Row): PolicyRecord {
  return {
    id: r.id, name: r.name, description: r.description, projectId: r.projectId, enabled: r.enabled,
    targets: Array.isArray(r.targets) ? (r.targets as PolicyTarget[]) : [],
    eventTypes: Array.isArray(r.eventTypes) ? (r.eventTypes as unknown[]).map(String) : [],
    creator: r.creator, creationTime: r.creationTime, updateTime: r.updateTime,
  };
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

export class WebhookPolicyRepo {
  constructor(private readonly db: PrismaClient) {}

  async list(projectId: number, where: Prisma.NotificationPolicyWhereInput, orderBy: Prisma.NotificationPolicyOrderByWithRelationInput[],
    page: { offset: number; limit: number | undefined }): Promise<{ total: number; items: PolicyRecord[] }> {
    const filter = { ...where, projectId };
    const [total, rows] = await Promise.all([
      this.db.notificationPolicy.count({ where: filter }),
      this.db.notificationPolicy.findMany({
        where: filter,
        // Harbor's default order: newest first.
        orderBy: [...orderBy, { creationTime: 'desc' }, { id: 'desc' }],
        skip: page.offset,
        take: page.limit,
      }),
    ]);
    return { total, items: rows.map(toRecord) };
  }

  async all(projectId: number): Promise<PolicyRecord[]> {
    const rows = await this.db.notificationPolicy.findMany({ where: { projectId }, orderBy: [{ creationTime: 'desc' }, { id: 'desc' }] });
    return rows.map(toRecord);
  }

  async findById(id: number): Promise<PolicyRecord | null> {
    const row = await this.db.notificationPolicy.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async create(projectId: number, creator: string, v: PolicyValues): Promise<PolicyRecord> {
    try {
      const row = await this.db.notificationPolicy.create({
        data: {
          projectId, creator, name: v.name, description: v.description, enabled: v.enabled,
          targets: json(v.targets), eventTypes: json(v.eventTypes),
        },
      });
      return toRecord(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new PolicyConflictError(v.name);
      throw err;
    }
  }

  /** False when the policy is gone. */
  async update(id: number, v: PolicyValues): Promise<boolean> {
    try {
      const { count } = await this.db.notificationPolicy.updateMany({
        where: { id },
        data: { name: v.name, description: v.description, enabled: v.enabled, targets: json(v.targets), eventTypes: json(v.eventTypes) },
      });
      return count > 0;
    } catch (err) {
      if (isUniqueViolation(err)) throw new PolicyConflictError(v.name);
      throw err;
    }
  }

  /** Deletes the policy and the record of its deliveries (executions, their tasks by cascade). */
  async delete(id: number): Promise<boolean> {
    const [, { count }] = await this.db.$transaction([
      this.db.execution.deleteMany({ where: { vendorType: { in: ['WEBHOOK', 'SLACK'] }, vendorId: id } }),
      this.db.notificationPolicy.deleteMany({ where: { id } }),
    ]);
    return count > 0;
  }

  /** Enabled policies of the named projects, in one query whatever the number of projects. */
  async active(projectNames: string[]): Promise<ActivePolicy[]> {
    if (projectNames.length === 0) return [];
    const rows = await queryRows<Row & { projectName: string; projectPublic: boolean }>(this.db, Prisma.sql`
      SELECT np.id, np.name, np.description, np.project_id AS "projectId", np.enabled, np.targets, np.event_types AS "eventTypes",
             np.creator, np.creation_time AS "creationTime", np.update_time AS "updateTime",
             p.name AS "projectName", p.public AS "projectPublic"
      FROM notification_policy np JOIN project p ON p.id = np.project_id AND NOT p.deleted
      WHERE np.enabled AND p.name = ANY(${projectNames}::text[])
      ORDER BY np.id`);
    return rows.map((r) => ({ ...toRecord(r), projectName: r.projectName, projectPublic: r.projectPublic }));
  }

  /** Creation time of each repository that still exists. */
  async repositoryCreation(names: string[]): Promise<Map<string, Date>> {
    if (names.length === 0) return new Map();
    const rows = await this.db.repository.findMany({ where: { name: { in: names } }, select: { name: true, creationTime: true } });
    return new Map(rows.map((r) => [r.name, r.creationTime]));
  }
}

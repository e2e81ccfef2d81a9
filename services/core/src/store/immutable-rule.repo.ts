// Tag immutability rules (Harbor's immutable_tag_rule): the rule JSON in `tag_filter`, as Harbor writes
// it, and the `disabled` flag in its own column, which wins when read back. The only code that touches
// the table; also the tag names immutability decisions look at.
import type { PolicyRule } from '@harbor/contracts';
import { PolicyRuleSchema } from '@harbor/contracts';
import type { Prisma, PrismaClient } from '@harbor/db';

export interface ImmutableRuleRecord {
  id: number;
  projectId: number;
  disabled: boolean;
  creationTime: Date;
  /** The rule as stored, with `id` and `disabled` from their columns. */
  rule: PolicyRule;
}

/** The project already holds exactly this rule (Harbor: "immutable rule already exists"). */
export class ImmutableRuleConflictError extends Error {}

type Row = { id: number; projectId: number; tagFilter: string; disabled: boolean; creationTime: Date };
const SELECT = { id: true, projectId: true, tagFilter: true, disabled: true, creationTime: true } as const;

function parseFilter(text: string): PolicyRule {
  try {
    const parsed = PolicyRuleSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // a row written by hand: read as a rule without selectors, which matches nothing
  }
  return {};
}

const toRecord = (r: Row): ImmutableRuleRecord =>
  ({ id: r.id, projectId: r.projectId, disabled: r.disabled, creationTime: r.creationTime, rule: { ...parseFilter(r.tagFilter), id: r.id, disabled: r.disabled } });

/** Harbor's stored form (its Metadata struct, in its field order): project and id inside the JSON too. */
export function tagFilterJson(projectId: number, id: number, rule: PolicyRule): string {
  return JSON.stringify({
    id, project_id: projectId, disabled: rule.disabled ?? false, priority: rule.priority ?? 0, action: rule.action, template: rule.template,
    params: rule.params ?? {}, tag_selectors: rule.tag_selectors ?? [], scope_selectors: rule.scope_selectors ?? {},
  });
}

export class ImmutableRuleRepo {
  constructor(private readonly db: PrismaClient) {}

  async list(projectId: number, where: Prisma.ImmutableTagRuleWhereInput, page: { offset: number; limit: number | undefined },
    orderBy: Prisma.ImmutableTagRuleOrderByWithRelationInput[]): Promise<{ total: number; items: ImmutableRuleRecord[] }> {
    const full: Prisma.ImmutableTagRuleWhereInput = { AND: [where, { projectId }] };
    const [total, rows] = await Promise.all([
      this.db.immutableTagRule.count({ where: full }),
      this.db.immutableTagRule.findMany({ where: full, select: SELECT, orderBy: [...orderBy, { id: 'asc' }], skip: page.offset, take: page.limit }),
    ]);
    return { total, items: rows.map(toRecord) };
  }

  /** Every rule of the project, by id: what enforcement evaluates. */
  async rulesOf(projectId: number): Promise<PolicyRule[]> {
    const rows = await this.db.immutableTagRule.findMany({ where: { projectId }, select: SELECT, orderBy: { id: 'asc' } });
    return rows.map((r) => toRecord(r).rule);
  }

  async findById(id: number): Promise<ImmutableRuleRecord | null> {
    const row = await this.db.immutableTagRule.findUnique({ where: { id }, select: SELECT });
    return row ? toRecord(row) : null;
  }

  /** Stores a new rule; ImmutableRuleConflictError when the project already holds the same one. */
  async create(projectId: number, rule: PolicyRule): Promise<number> {
    const tagFilter = tagFilterJson(projectId, 0, rule);
    return this.db.$transaction(async (tx) => {
      // one writer per project at a time, so two equal rules cannot both pass the check
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('immutable_tag_rule'), ${projectId}::int)`;
      const same = await tx.immutableTagRule.findFirst({ where: { projectId, tagFilter }, select: { id: true } });
      if (same) throw new ImmutableRuleConflictError('immutable rule already exists');
      const { id } = await tx.immutableTagRule.create({ data: { projectId, tagFilter, disabled: rule.disabled ?? false }, select: { id: true } });
      return id;
    });
  }

  /** Replaces the rule and its disabled flag; false when it is gone. */
  async update(id: number, projectId: number, rule: PolicyRule): Promise<boolean> {
    const { count } = await this.db.immutableTagRule.updateMany({
      where: { id, projectId },
      data: { tagFilter: tagFilterJson(projectId, id, rule), disabled: rule.disabled ?? false },
    });
    return count > 0;
  }

  async delete(id: number, projectId: number): Promise<boolean> {
    const { count } = await this.db.immutableTagRule.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  /** Whether the project has any enabled rule: most have none, and then nothing needs evaluating. */
  async anyEnabled(projectId: number): Promise<boolean> {
    return (await this.db.immutableTagRule.count({ where: { projectId, disabled: false } })) > 0;
  }

  /** Of the given tag names, those the repository (full name) has, with the digest each names. */
  async tagDigests(repositoryName: string, names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const rows = await this.db.tag.findMany({
      where: { repository: { name: repositoryName }, name: { in: [...names] } }, select: { name: true, artifact: { select: { digest: true } } },
    });
    return new Map(rows.map((r) => [r.name, r.artifact.digest]));
  }

  /** Tag names of an artifact, or of every artifact of a repository. */
  async tagNames(of: { artifactId: number } | { repositoryId: number }): Promise<string[]> {
    const rows = await this.db.tag.findMany({ where: of, select: { name: true }, orderBy: { name: 'asc' } });
    return rows.map((r) => r.name);
  }
}

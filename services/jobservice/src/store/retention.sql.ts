// What a tag retention run reads: the policy (retention_policy), its project, the project's enabled
// immutability rules, and the candidates — every artifact of the project a listing shows (accessories
// never; an index child only when it is tagged), with its tags and, as Harbor computes them, the latest
// push and pull time of the artifact and its tags.
import { PolicyRuleSchema, RetentionPolicySchema, type PolicyRule, type RetentionPolicy } from '@harbor/contracts';
import type { Queryable } from '@harbor/db/sql';

export interface StoredPolicy {
  id: number;
  scopeLevel: string;
  projectId: number;
  policy: RetentionPolicy;
}

export interface Candidate {
  id: number;
  digest: string;
  /** The repository's full name (`project/repo`). */
  repositoryName: string;
  /** The name inside the project, which repository selectors see. */
  repository: string;
  tags: string[];
  pushTime: Date;
  pullTime: Date | null;
}

/** The policy, or null when it is gone; PolicyDataError when its stored JSON cannot be read. */
export async function loadPolicy(db: Queryable, id: number): Promise<StoredPolicy | null> {
  const { rows } = await db.query<{ id: number; scope_level: string; scope_reference: string; data: string }>(
    'SELECT id, scope_level, scope_reference, data FROM retention_policy WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.data);
  } catch {
    throw new PolicyDataError(`retention policy ${id} is not valid JSON`);
  }
  const policy = RetentionPolicySchema.safeParse(parsed);
  if (!policy.success) throw new PolicyDataError(`retention policy ${id} cannot be read: ${policy.error.message}`);
  return { id: row.id, scopeLevel: row.scope_level, projectId: Number(row.scope_reference), policy: policy.data };
}

export class PolicyDataError extends Error {}

export async function projectName(db: Queryable, projectId: number): Promise<string | null> {
  if (!Number.isSafeInteger(projectId) || projectId <= 0 || projectId > 2_147_483_647) return null;
  const { rows } = await db.query<{ name: string }>('SELECT name FROM project WHERE id = $1 AND NOT deleted', [projectId]);
  return rows[0]?.name ?? null;
}

/** The project's enabled immutability rules (a row that cannot be read protects nothing). */
export async function immutableRules(db: Queryable, projectId: number): Promise<PolicyRule[]> {
  const { rows } = await db.query<{ tag_filter: string }>(
    'SELECT tag_filter FROM immutable_tag_rule WHERE project_id = $1 AND NOT disabled ORDER BY id', [projectId]);
  const rules: PolicyRule[] = [];
  for (const r of rows) {
    try {
      const parsed = PolicyRuleSchema.safeParse(JSON.parse(r.tag_filter));
      if (parsed.success) rules.push({ ...parsed.data, disabled: false });
    } catch {
      // skipped, as core reads it
    }
  }
  return rules;
}

export async function candidates(db: Queryable, projectId: number, projectName: string): Promise<Candidate[]> {
  const { rows } = await db.query<{
    id: number; digest: string; repository_name: string; tags: string[] | null; push_time: Date; pull_time: Date | null;
  }>(
    `SELECT a.id, a.digest, a.repository_name,
            array_agg(t.name ORDER BY t.name) FILTER (WHERE t.id IS NOT NULL) AS tags,
            greatest(a.push_time, max(t.push_time)) AS push_time,
            greatest(a.pull_time, max(t.pull_time)) AS pull_time
     FROM artifact a LEFT JOIN tag t ON t.artifact_id = a.id
     WHERE a.project_id = $1
       AND NOT EXISTS (SELECT 1 FROM artifact_accessory x WHERE x.artifact_id = a.id)
     GROUP BY a.id
     HAVING count(t.id) > 0 OR NOT EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id)
     ORDER BY a.repository_name, a.push_time DESC, a.id DESC`, [projectId]);
  const prefix = `${projectName}/`;
  return rows.map((r) => ({
    id: r.id,
    digest: r.digest,
    repositoryName: r.repository_name,
    repository: r.repository_name.startsWith(prefix) ? r.repository_name.slice(prefix.length) : r.repository_name,
    tags: r.tags ?? [],
    pushTime: r.push_time,
    pullTime: r.pull_time,
  }));
}

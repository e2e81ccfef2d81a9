// Tag immutability rules of a project (core's immutable_tag_rule table), read through a short-lived
// cache like the other project settings: the check runs on every push by tag, and rules change rarely.
// Also the tag lookups the check needs.
import type { Pool } from '@harbor/db/sql';
import { PolicyRuleSchema, type PolicyRule } from '@harbor/contracts';

interface Entry {
  rules: PolicyRule[];
  expiresAt: number;
}

function parseRule(tagFilter: string, disabled: boolean): PolicyRule | null {
  try {
    const parsed = PolicyRuleSchema.safeParse(JSON.parse(tagFilter));
    return parsed.success ? { ...parsed.data, disabled } : null;
  } catch {
    return null;
  }
}

export class ImmutableRuleStore {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly db: Pool, private readonly ttlMs = 5_000, private readonly maxEntries = 4096) {}

  /** The enabled rules of the project, by id; none for an unknown project. */
  async enabledRules(project: string): Promise<PolicyRule[]> {
    const now = Date.now();
    const hit = this.cache.get(project);
    if (hit && hit.expiresAt > now) return hit.rules;
    const { rows } = await this.db.query<{ tag_filter: string; disabled: boolean }>({
      name: 'immutable_rules_of_project',
      text: `SELECT r.tag_filter, r.disabled FROM immutable_tag_rule r JOIN project p ON p.id = r.project_id
             WHERE p.name = $1 AND NOT p.deleted AND NOT r.disabled ORDER BY r.id`,
      values: [project],
    });
    const rules = rows.map((r) => parseRule(r.tag_filter, r.disabled)).filter((r): r is PolicyRule => r !== null);
    this.cache.delete(project);
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(project, { rules, expiresAt: now + this.ttlMs });
    return rules;
  }

  async tagExists(repository: string, tag: string): Promise<boolean> {
    const { rows } = await this.db.query({
      name: 'immutable_tag_exists',
      text: 'SELECT 1 FROM tag t JOIN repository r ON r.id = t.repository_id WHERE r.name = $1 AND t.name = $2',
      values: [repository, tag],
    });
    return rows.length > 0;
  }

  /** The tags of the repository's artifact with that digest. */
  async tagsOf(repository: string, digest: string): Promise<string[]> {
    const { rows } = await this.db.query<{ name: string }>({
      name: 'immutable_tags_of_artifact',
      text: `SELECT t.name FROM tag t JOIN artifact a ON a.id = t.artifact_id JOIN repository r ON r.id = a.repository_id
             WHERE r.name = $1 AND a.digest = $2 ORDER BY t.name`,
      values: [repository, digest],
    });
    return rows.map((r) => r.name);
  }
}

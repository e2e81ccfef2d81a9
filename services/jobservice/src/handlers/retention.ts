// RETENTION: one run of a project's tag retention policy (Harbor's retention job, for every repository
// the policy's rules cover). The candidates are the project's artifacts, each with all its tags; the
// policy's rules keep some, the project's enabled immutability rules protect others, and — unless this is
// a dry run — every other candidate of a covered repository is deleted as core's artifact API deletes it
// (accessories and untagged children with it; one an index still refers to is kept), so each of its tags
// goes too. A candidate re-tagged since it was judged is left for the next run. The log holds a line per
// deleted artifact and, per repository, its counts and Harbor's table of candidates and what became of
// them; the task records the totals (`total`, `retained`, as Harbor's task does).
import type { RetentionParams } from '@harbor/contracts';
import type { Pool } from '@harbor/db/sql';
import { PermanentJobError, type JobContext, type JobHandler } from '@harbor/jobs';
import { evaluateRetention, PolicyError } from '@harbor/policy';
import { randomUUID } from 'node:crypto';
import { deletionEvent, type PublishEvents } from '../events.js';
import { deleteArtifact } from '../store/artifact-delete.sql.js';
import { candidates, immutableRules, loadPolicy, PolicyDataError, projectName, type Candidate } from '../store/retention.sql.js';

/** What became of a candidate: kept, deleted (or would be, in a dry run), or kept despite the rules. */
type Verdict = 'RETAIN' | 'DEL' | 'IMMUTABLE' | 'REFERENCED' | 'CHANGED';

/**
 * `publish`: deleted artifacts become delete events (audit log, DELETE_ARTIFACT webhooks) and a finished
 * run a tag_retention event (TAG_RETENTION webhooks).
 */
export function retentionHandler(db: Pool, publish: PublishEvents = async () => undefined): JobHandler<RetentionParams> {
  return async (ctx) => {
    const { policy_id: policyId, dry_run: dryRun } = ctx.params;
    const stored = await loadPolicy(db, policyId).catch((err: unknown) => {
      throw err instanceof PolicyDataError ? new PermanentJobError(err.message) : err;
    });
    if (!stored) throw new PermanentJobError(`retention policy ${policyId} not found`);
    if (stored.scopeLevel !== 'project') throw new PermanentJobError(`scope ${stored.scopeLevel} is not supported`);
    const project = await projectName(db, stored.projectId);
    if (project === null) throw new PermanentJobError(`project ${stored.projectId} of retention policy ${policyId} not found`);
    ctx.log(`Run retention process.\n Policy: ${policyId}\n Project: ${project}\n Rule Algorithm: ${stored.policy.algorithm ?? 'or'}\n Dry Run: ${dryRun}`);

    const [protectedBy, all] = await Promise.all([immutableRules(db, stored.projectId), candidates(db, stored.projectId, project)]);
    let outcome;
    try {
      outcome = evaluateRetention({ algorithm: stored.policy.algorithm, rules: stored.policy.rules ?? [] }, all, Date.now(), { immutableRules: protectedBy });
    } catch (err) {
      if (err instanceof PolicyError) throw new PermanentJobError(`the policy cannot be evaluated: ${err.message}`);
      throw err;
    }
    const covered = new Set(outcome.repositories);
    const inScope = all.filter((c) => covered.has(c.repository));
    ctx.log(`Load ${inScope.length} candidates from ${covered.size} repositories (${all.length} artifacts in the project)`);

    const verdicts = new Map<Candidate, Verdict>();
    for (const c of outcome.immutable) verdicts.set(c, 'IMMUTABLE');
    for (const c of outcome.deleted) verdicts.set(c, 'DEL');
    const removed = dryRun ? [] : await deleteAll(db, ctx, outcome.deleted, verdicts, publish);
    if (ctx.signal.aborted) ctx.log('Retention job is stopped');

    const repositories: Array<{ repository: string; total: number; retained: number }> = [];
    for (const repo of [...covered].sort()) {
      const members = inScope.filter((c) => c.repository === repo);
      const gone = members.filter((c) => verdicts.get(c) === 'DEL').length;
      repositories.push({ repository: `${project}/${repo}`, total: members.length, retained: members.length - gone });
      ctx.log(`Repository ${project}/${repo}: ${members.length} candidates, ${members.length - gone} retained, ${gone} ${dryRun ? 'to delete (dry run)' : 'deleted'}\n${table(members, verdicts)}`);
    }
    const total = inScope.length;
    const deleted = inScope.filter((c) => verdicts.get(c) === 'DEL').length;
    const count = (v: Verdict) => inScope.filter((c) => verdicts.get(c) === v).length;
    const kept = ([['IMMUTABLE', 'kept as immutable'], ['REFERENCED', 'kept as an index refers to them'], ['CHANGED', 'kept as re-tagged while running']] as const)
      .filter(([v]) => count(v) > 0).map(([v, what]) => `, ${count(v)} ${what}`).join('');
    ctx.log(`${dryRun ? 'Dry run: ' : ''}${total} candidates, ${total - deleted} retained, ${deleted} ${dryRun ? 'would be deleted' : 'deleted'}${kept}`);
    if (!dryRun) {
      const { rows: [run] } = await db.query<{ trigger: string }>('SELECT trigger FROM execution WHERE id = $1', [ctx.executionId]);
      await publish([{
        id: randomUUID(), time: new Date().toISOString(), operator: run?.trigger ?? 'MANUAL', action: 'tag_retention',
        project_id: stored.projectId, project_name: project, policy_id: policyId, execution_id: ctx.executionId,
        total, retained: total - deleted, result: 'SUCCESS',
        deleted: removed.map((c) => ({ repository: c.repositoryName, digest: c.digest, tags: c.tags })),
      }]);
    }
    await ctx.report({
      dry_run: dryRun,
      repository: repositories.map((r) => r.repository).join(', '),
      repositories,
      total,
      retained: total - deleted,
      deleted,
      immutable: count('IMMUTABLE'),
    });
  };
}

/** Deletes the doomed candidates; returns those actually deleted (their delete events published). */
async function deleteAll(db: Pool, ctx: JobContext<RetentionParams>, doomed: readonly Candidate[], verdicts: Map<Candidate, Verdict>,
  publish: PublishEvents): Promise<Candidate[]> {
  const deleted: Candidate[] = [];
  for (const c of doomed) {
    if (ctx.signal.aborted) {
      verdicts.set(c, 'RETAIN');
      continue;
    }
    const result = await deleteArtifact(db, c.id, c.tags);
    const name = `${c.repositoryName}@${c.digest}${c.tags.length ? ` (tags ${c.tags.join(', ')})` : ' (untagged)'}`;
    switch (result.kind) {
      case 'deleted':
        ctx.log(`Deleted ${name}${result.digests.length > 1 ? ` with ${result.digests.length - 1} accessories and children` : ''}`);
        deleted.push(c);
        break;
      case 'gone':
        ctx.log(`Already deleted: ${name}`);
        break;
      case 'referenced':
        verdicts.set(c, 'REFERENCED');
        ctx.log(`Retention error for artifact ${name}: the artifact is referenced by an index, kept`);
        break;
      case 'changed':
        verdicts.set(c, 'CHANGED');
        ctx.log(`Retention error for artifact ${name}: its tags changed while the job ran (now ${result.tags.join(', ') || 'none'}), kept`);
        break;
    }
  }
  await publish(deleted.map((c) => deletionEvent(c.repositoryName, c.digest, 'tag-retention')));
  return deleted;
}

/** Harbor's log time format, in UTC. */
function time(t: Date | null): string {
  if (!t) return '-';
  return t.toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
}

/** The candidates of one repository and the verdict on each, as Harbor's job logs them. */
function table(members: readonly Candidate[], verdicts: ReadonlyMap<Candidate, Verdict>): string {
  const rows = members.map((c) => [
    c.tags.length ? `${c.repositoryName}:${c.tags.join(',')}` : `${c.repositoryName} (untagged)`,
    c.digest.slice(0, 19),
    time(c.pushTime),
    time(c.pullTime),
    verdicts.get(c) ?? 'RETAIN',
  ]);
  const header = ['Artifact', 'Digest', 'PushedTime', 'PulledTime', 'Retention'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('+')}|`, ...rows.map(line)].join('\n');
}

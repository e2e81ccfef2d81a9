// PURGE_AUDIT_LOG: removes audit entries older than the retention, optionally only some operations, in
// batches (a purge of millions of rows never holds one long lock), or only counts them in a dry run.
import type { PurgeAuditLogParams } from '@harbor/contracts';
import type { Pool } from '@harbor/db/sql';
import type { JobHandler } from '@harbor/jobs';

const BATCH = 10_000;

export function purgeAuditLogHandler(db: Pool): JobHandler<PurgeAuditLogParams> {
  return async (ctx) => {
    const { audit_retention_hour: hours, include_operations: include, dry_run: dryRun } = ctx.params;
    const operations = include.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const cutoff = new Date(Date.now() - hours * 3_600_000);
    const where = `op_time < $1 ${operations.length ? 'AND lower(operation) = ANY($2::text[])' : ''}`;
    const values: unknown[] = operations.length ? [cutoff, operations] : [cutoff];
    ctx.log(`purging audit entries older than ${cutoff.toISOString()} (${hours} h)${operations.length ? ` for ${operations.join(', ')}` : ''}${dryRun ? ' (dry run)' : ''}`);
    if (dryRun) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`, values);
      ctx.log(`${rows[0].n} entries would be purged`);
      await ctx.report({ purged: 0, would_purge: rows[0].n, dry_run: true });
      return;
    }
    let purged = 0;
    for (;;) {
      if (ctx.signal.aborted) break;
      const { rowCount } = await db.query(`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE ${where} LIMIT ${BATCH})`, values);
      purged += rowCount ?? 0;
      if ((rowCount ?? 0) < BATCH) break;
      ctx.log(`${purged} entries purged so far`);
    }
    ctx.log(`${purged} entries purged`);
    await ctx.report({ purged, dry_run: false });
  };
}

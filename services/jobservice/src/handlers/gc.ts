// GARBAGE_COLLECTION, online: pushes and pulls go on while it runs.
//  1. delete_untagged: untagged artifacts that no index refers to and that are not accessories lose their
//     rows (their manifests become unreferenced blobs).
//  2. References of deleted artifacts are dropped; then mark: blobs no remaining artifact references (database reference counts: artifact_blob joined to
//     the artifacts that still exist), older than the time window, go from `none` to `delete`.
//  3. Sweep, `workers` at a time: each marked blob is locked (row lock), moved to `deleting`, its content
//     deleted from storage and its row removed, in one transaction. The registry puts a blob back to
//     `none` before it relies on it (upload completion, mount, manifest PUT) and waits on that same row
//     lock, so a push racing the sweep either reclaims the blob first (GC skips it) or finds it gone and
//     stores it afresh: the push wins, and a blob uploaded during the run is never lost.
// Dry run: counts what would go, changes nothing.
import type { GcParams } from '@harbor/contracts';
import { withTransaction, type Pool } from '@harbor/db/sql';
import type { JobContext, JobHandler } from '@harbor/jobs';
import { blobDir, PathNotFoundError, splitDigest, type StorageDriver } from '@harbor/storage';

const MARK_BATCH = 5_000;

interface Marked { id: number; digest: string; size: number }

export function gcHandler(db: Pool, storage: StorageDriver): JobHandler<GcParams> {
  return async (ctx) => {
    const started = Date.now();
    const p = ctx.params;
    ctx.log(`garbage collection: delete_untagged=${p.delete_untagged} dry_run=${p.dry_run} workers=${p.workers} time_window=${p.time_window}h`);
    const artifacts = p.delete_untagged ? await deleteUntagged(db, ctx, p.dry_run) : 0;
    const cutoff = new Date(Date.now() - p.time_window * 3_600_000);
    if (p.dry_run) {
      const { rows } = await db.query<{ n: number; bytes: number }>(
        `SELECT count(*)::int AS n, coalesce(sum(b.size), 0)::bigint AS bytes FROM blob b
         WHERE b.status IN ('none', 'deletefailed') AND b.update_time < $1 AND ${UNREFERENCED}`, [cutoff]);
      ctx.log(`dry run: ${rows[0].n} blobs (${rows[0].bytes} bytes) would be deleted, ${artifacts} untagged artifacts`);
      await ctx.report({ dry_run: true, blobs: rows[0].n, freed_bytes: Number(rows[0].bytes), artifacts });
      return;
    }
    // References left behind by deleted artifacts (an artifact and its references are written in one
    // transaction, so a row whose artifact is gone is never one a push is still making).
    const { rowCount: stale } = await db.query(`DELETE FROM artifact_blob ab WHERE NOT EXISTS (SELECT 1 FROM artifact a WHERE a.digest = ab.digest_af)`);
    if (stale) ctx.log(`removed ${stale} references of deleted artifacts`);
    let blobs = 0;
    let bytes = 0;
    let failed = 0;
    for (;;) {
      if (ctx.signal.aborted) break;
      const marked = await mark(db, cutoff);
      if (marked.length === 0) break;
      ctx.log(`marked ${marked.length} blobs`);
      const results = await sweepAll(db, storage, marked, p.workers, ctx);
      blobs += results.deleted;
      bytes += results.bytes;
      failed += results.failed;
      if (marked.length < MARK_BATCH) break;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    ctx.log(`deleted ${blobs} blobs (${bytes} bytes) and ${artifacts} untagged artifacts in ${seconds} s; ${failed} blobs could not be deleted`);
    await ctx.report({ dry_run: false, blobs, freed_bytes: bytes, artifacts, failed });
    if (failed > 0) throw new Error(`${failed} blobs could not be deleted from storage (they stay marked deletefailed and are retried by the next run)`);
  };
}

/** No artifact that still exists references the blob (as a layer, config or its own manifest). */
const UNREFERENCED = `NOT EXISTS (SELECT 1 FROM artifact_blob ab JOIN artifact a ON a.digest = ab.digest_af WHERE ab.digest_blob = b.digest)`;

async function mark(db: Pool, cutoff: Date): Promise<Marked[]> {
  const { rows } = await db.query<Marked>(
    `UPDATE blob SET status = 'delete', version = version + 1, update_time = update_time
     WHERE id IN (SELECT b.id FROM blob b WHERE b.status IN ('none', 'deletefailed') AND b.update_time < $1 AND ${UNREFERENCED} LIMIT ${MARK_BATCH})
     RETURNING id, digest, size`, [cutoff]);
  return rows;
}

async function sweepAll(db: Pool, storage: StorageDriver, marked: Marked[], workers: number, ctx: JobContext<GcParams>) {
  let next = 0;
  const out = { deleted: 0, bytes: 0, failed: 0 };
  const worker = async () => {
    while (next < marked.length && !ctx.signal.aborted) {
      const blob = marked[next++];
      const result = await sweep(db, storage, blob).catch((err: unknown) => {
        ctx.log(`could not delete ${blob.digest}: ${err instanceof Error ? err.message : String(err)}`);
        return 'failed' as const;
      });
      if (result === 'deleted') {
        out.deleted++;
        out.bytes += Number(blob.size);
      } else if (result === 'failed') {
        out.failed++;
        await db.query(`UPDATE blob SET status = 'deletefailed' WHERE id = $1 AND status IN ('delete', 'deleting')`, [blob.id]).catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  // Blobs left marked when the run stopped go back to none (a later run marks them again).
  if (ctx.signal.aborted) await db.query(`UPDATE blob SET status = 'none' WHERE status = 'delete' AND id = ANY($1::int[])`, [marked.map((m) => m.id)]);
  return out;
}

/** One blob: locked, re-checked, deleted from storage and from the index; 'skipped' if the registry reclaimed it. */
async function sweep(db: Pool, storage: StorageDriver, blob: Marked): Promise<'deleted' | 'skipped' | 'failed'> {
  return withTransaction(db, async (tx) => {
    const { rows } = await tx.query(
      `SELECT b.id FROM blob b WHERE b.id = $1 AND b.status = 'delete' AND ${UNREFERENCED} FOR UPDATE`, [blob.id]);
    if (rows.length === 0) return 'skipped';
    await tx.query(`UPDATE blob SET status = 'deleting', version = version + 1 WHERE id = $1`, [blob.id]);
    const parts = splitDigest(blob.digest);
    if (parts) {
      await storage.delete(blobDir(parts)).catch((err: unknown) => {
        if (!(err instanceof PathNotFoundError)) throw err;
      });
    }
    await tx.query('DELETE FROM blob WHERE id = $1', [blob.id]);
    return 'deleted';
  });
}

/** Untagged artifacts no index refers to and that are not accessories; returns how many (would) go. */
async function deleteUntagged(db: Pool, ctx: JobContext<GcParams>, dryRun: boolean): Promise<number> {
  const candidates = `SELECT a.id FROM artifact a
    WHERE NOT EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = a.id)
      AND NOT EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id)
      AND NOT EXISTS (SELECT 1 FROM artifact_accessory x WHERE x.artifact_id = a.id)`;
  if (dryRun) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${candidates}) c`);
    return rows[0].n;
  }
  // Rounds: deleting an untagged index frees its (untagged) children for the next round.
  let total = 0;
  for (let round = 0; round < 5; round++) {
    const { rowCount } = await db.query(`DELETE FROM artifact WHERE id IN (${candidates})`);
    // Accessories (signatures, SBOMs) go with their subject.
    const { rowCount: accessories } = await db.query(`DELETE FROM artifact WHERE id IN (
      SELECT x.artifact_id FROM artifact_accessory x WHERE NOT EXISTS (
        SELECT 1 FROM artifact s WHERE s.repository_name = x.subject_artifact_repo AND s.digest = x.subject_artifact_digest))`);
    const n = (rowCount ?? 0) + (accessories ?? 0);
    total += n;
    if ((rowCount ?? 0) === 0) break;
  }
  ctx.log(`deleted ${total} untagged artifacts (with their accessories)`);
  return total;
}

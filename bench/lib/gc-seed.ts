// A registry full of garbage for the GC benchmark, written straight into the database and a filesystem
// store (pushing 110,000 blobs would take far longer than collecting them), shaped like the rows and files
// pushes leave (services/registry/src/store/{blob,artifact}.repo.ts, @harbor/storage's layout):
//
//   project bench-gc, 100 repositories
//   referenced     blobs of artifacts that exist: groups of 4 (manifest, config, 2 layers), the artifact's
//                  digest being its manifest's; artifact_blob rows for each
//   unreferenced   the same shape, but their artifacts were deleted: the artifact_blob rows are still there
//                  (the registry keeps them), the artifact rows are gone
//
// Every blob has its repository_blob and project_blob rows and a tiny `data` file; all are three hours
// old, past GC's default two-hour window. Blob contents are `gc-r-<n>` / `gc-u-<n>`, their digests the real
// sha256 of that, computed alike in SQL and here.
import { createHash } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Pool } from '@harbor/db/sql';
import { blobDataPath } from '@harbor/storage';
import { forEachLimit } from './seed.js';

export interface GcSizes {
  unreferenced: number;
  referenced: number;
}

export const GC_PROJECT = 'bench-gc';
const REPOSITORIES = 100;
const PER_ARTIFACT = 4;
const FILE_CONCURRENCY = 32;
const REF = 'gc-r-';
const UNREF = 'gc-u-';

const content = (prefix: string, n: number) => `${prefix}${n}`;
const hexOf = (prefix: string, n: number) => createHash('sha256').update(content(prefix, n)).digest('hex');
/** The digest of blob `n` of a set, in SQL (`n` an integer expression). */
const sqlDigest = (prefix: string, n: string) => `'sha256:' || encode(sha256(convert_to('${prefix}' || (${n})::text, 'UTF8')), 'hex')`;
/** Blob `n`'s artifact: the first blob (the manifest) of its group of 4. */
const sqlGroupHead = (g: string) => `((${g} - 1) / ${PER_ARTIFACT}) * ${PER_ARTIFACT} + 1`;
const repoName = (n: string) => `'${GC_PROJECT}/r' || lpad((${n})::text, 3, '0')`;

export async function seedGc(db: Pool, root: string, sizes: GcSizes, log: (line: string) => void): Promise<void> {
  const t0 = Date.now();
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const aged = `now() - interval '3 hours'`;
    const { rows: [project] } = await client.query<{ id: number }>(
      `INSERT INTO project (name, creation_time, update_time) VALUES ($1, ${aged}, ${aged}) RETURNING id`, [GC_PROJECT]);
    await client.query(
      `INSERT INTO repository (name, project_id, creation_time, update_time)
       SELECT ${repoName('g')}, $1, ${aged}, ${aged} FROM generate_series(1, ${REPOSITORIES}) g`, [project.id]);
    for (const [prefix, count] of [[REF, sizes.referenced], [UNREF, sizes.unreferenced]] as const) {
      await client.query(
        `INSERT INTO blob (digest, content_type, size, creation_time, update_time)
         SELECT ${sqlDigest(prefix, 'g')}, 'application/vnd.oci.image.layer.v1.tar+gzip', length('${prefix}' || g::text), ${aged}, ${aged}
         FROM generate_series(1, $1::int) g`, [count]);
      await client.query(
        `INSERT INTO artifact_blob (digest_af, digest_blob, creation_time)
         SELECT ${sqlDigest(prefix, sqlGroupHead('g'))}, ${sqlDigest(prefix, 'g')}, ${aged} FROM generate_series(1, $1::int) g`, [count]);
    }
    // Only the referenced blobs' artifacts still exist; artifact k lives in repository k mod 100.
    await client.query(
      `INSERT INTO artifact (type, media_type, manifest_media_type, project_id, repository_id, repository_name, digest, size, push_time)
       SELECT 'IMAGE', 'application/vnd.oci.image.config.v1+json', 'application/vnd.oci.image.manifest.v1+json', r.project_id, r.id, r.name,
              ${sqlDigest(REF, sqlGroupHead('g'))}, 4000, ${aged}
       FROM generate_series(1, $1::int, ${PER_ARTIFACT}) g
       JOIN repository r ON r.name = ${repoName(`((g - 1) / ${PER_ARTIFACT}) % ${REPOSITORIES} + 1`)}`, [sizes.referenced]);
    await client.query(
      `INSERT INTO repository_blob (repository_id, blob_id, creation_time)
       SELECT r.id, b.id, ${aged} FROM blob b JOIN repository r ON r.name = ${repoName(`b.id % ${REPOSITORIES} + 1`)}`);
    await client.query(`INSERT INTO project_blob (project_id, blob_id, creation_time) SELECT $1, id, ${aged} FROM blob`, [project.id]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  await db.query('ANALYZE');
  const t1 = Date.now();
  log(`  rows: ${sizes.referenced + sizes.unreferenced} blobs, ${Math.ceil(sizes.referenced / PER_ARTIFACT)} artifacts in ${((t1 - t0) / 1000).toFixed(1)} s`);
  for (const [prefix, count] of [[REF, sizes.referenced], [UNREF, sizes.unreferenced]] as const) {
    await forEachLimit(count, FILE_CONCURRENCY, async (i) => {
      const file = blobFile(root, prefix, i + 1);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content(prefix, i + 1));
    });
  }
  log(`  files: ${sizes.referenced + sizes.unreferenced} in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
}

function blobFile(root: string, prefix: string, n: number): string {
  return join(root, blobDataPath({ algorithm: 'sha256', hex: hexOf(prefix, n) }));
}

export interface GcOutcome {
  unreferencedRows: number;
  unreferencedFiles: number;
  referencedRows: number;
  referencedFiles: number;
  /** Blob rows of neither set (none expected). */
  otherRows: number;
  artifacts: number;
}

/** What is left of each set, in the database and on disk. */
export async function inspectGc(db: Pool, root: string, sizes: GcSizes): Promise<GcOutcome> {
  const rows = async (prefix: string, count: number) => (await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM blob b JOIN generate_series(1, $1::int) g ON b.digest = ${sqlDigest(prefix, 'g')}`, [count])).rows[0].n;
  const files = async (prefix: string, count: number) => {
    let n = 0;
    await forEachLimit(count, FILE_CONCURRENCY, async (i) => {
      if (await access(blobFile(root, prefix, i + 1)).then(() => true, () => false)) n++;
    });
    return n;
  };
  const referencedRows = await rows(REF, sizes.referenced);
  const unreferencedRows = await rows(UNREF, sizes.unreferenced);
  const { rows: [totals] } = await db.query<{ blobs: number; artifacts: number }>(
    'SELECT (SELECT count(*)::int FROM blob) AS blobs, (SELECT count(*)::int FROM artifact) AS artifacts');
  return {
    unreferencedRows,
    unreferencedFiles: await files(UNREF, sizes.unreferenced),
    referencedRows,
    referencedFiles: await files(REF, sizes.referenced),
    otherRows: totals.blobs - referencedRows - unreferencedRows,
    artifacts: totals.artifacts,
  };
}

export const artifactsOf = (referenced: number) => Math.ceil(referenced / PER_ARTIFACT);

// @harbor/db/sql: plain SQL access over a pg pool, for hot paths where Prisma's per-query overhead and
// memory (its WebAssembly query compiler) are not worth paying — the registry's content index. The schema
// and migrations stay Prisma's; this entry point never loads the Prisma client.
import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
export type Queryable = Pick<pg.Pool, 'query'>;

// BIGINT columns (sizes) come back as JS numbers (sizes stay far below 2^53); set per pool, not globally,
// so a Prisma client in the same process keeps its own parsing.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PoolOptions {
  max?: number;
  application?: string;
}

export function createPool(databaseUrl: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    application_name: options.application,
    types,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs fn in one transaction on one connection; rolls back on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}

export { migrateDatabase, ensureDatabase, migrationsDir } from './migrate.js';
export type { MigrateOptions, MigrateResult } from './migrate.js';
export { isStorableText, isStorableJson, isInt32Id, INT32_MAX } from './text.js';
export { ArtifactReferencedError, deleteArtifactDeeply, releaseProjectBlobs, type DeleteOutcome, type SqlTx } from './artifact-delete.js';

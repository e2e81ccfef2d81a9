// Builds the Prisma client every service uses: the generated client over our pg driver adapter (no native
// query engine), plus small helpers for recognising Prisma's error codes without importing its runtime.
// Raw statements (`queryRows`, `queryText`) on a client built here skip Prisma's query pipeline and go to
// the client's own pg pool: same connections, same SQL, same value shapes, a fraction of the CPU per query.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, Prisma } from './generated/prisma/client.js';
import { pgPoolConfig } from './pg-adapter.js';

export interface PrismaClientOptions {
  /** Maximum pooled connections (pg `max`); default 10. */
  poolSize?: number;
}

/**
 * A client bound to `databaseUrl`. Call `$disconnect()` when done; it closes the pool. Its sessions run
 * in UTC whatever the server's default (see UtcClient: Prisma's adapter needs it).
 */
export function createPrismaClient(databaseUrl: string, opts: PrismaClientOptions = {}): PrismaClient {
  const pool = new pg.Pool(pgPoolConfig(databaseUrl, { ...opts, utc: true }));
  // An idle connection lost (database restart) must not crash the process; the pool drops it.
  pool.on('error', () => undefined);
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

const pools = new WeakMap<object, pg.Pool>();

const { INT8, NUMERIC, TIMESTAMP, DATE } = pg.types.builtins;
const [INT8_ARRAY, NUMERIC_ARRAY, TIMESTAMP_ARRAY, DATE_ARRAY] = [1016, 1231, 1115, 1182];
const parseTextArray = (pg.types.getTypeParser as (oid: number) => (v: string) => Array<string | null>)(1009);
const utc = (v: string) => new Date(`${v.replace(' ', 'T')}${v.length === 10 ? 'T00:00:00' : ''}Z`);
const each = (parse: (v: string) => unknown) => (v: string) => parseTextArray(v).map((x) => (x === null ? null : parse(x)));
const decimal = (v: string) => new Prisma.Decimal(v);

/**
 * Values as `$queryRaw` returns them: int8 as bigint, numeric as Decimal, a timestamp without zone and a
 * date as UTC (and arrays of these alike). Everything else (timestamptz, json, other arrays) is pg's own
 * parsing, which Prisma's matches; bytea comes back as a Buffer, Prisma's Uint8Array with Buffer's methods.
 */
const PARSERS = new Map<number, (v: string) => unknown>([
  [INT8, BigInt], [INT8_ARRAY, each(BigInt)], [NUMERIC, decimal], [NUMERIC_ARRAY, each(decimal)],
  [TIMESTAMP, utc], [TIMESTAMP_ARRAY, each(utc)], [DATE, utc], [DATE_ARRAY, each(utc)],
]);
const RAW_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => PARSERS.get(oid) ?? pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

export interface QueryOptions {
  /**
   * Keep the statement prepared on each connection (parsed and planned once, not on every call). Only
   * for call sites whose SQL text takes a few fixed shapes: every distinct text stays prepared for the
   * connection's life.
   */
  prepare?: boolean;
}

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) statementNames.set(text, (name = `harbor_${statementNames.size + 1}`));
  return name;
}

/**
 * The rows of one statement (`$n` parameters), as `db.$queryRawUnsafe(text, ...values)` would return
 * them. On a root client from `createPrismaClient` the statement goes straight to its pool; on a
 * transaction client (which must stay on its own connection), or once the pool has ended, through Prisma.
 */
export async function queryText<T>(db: DbClient, text: string, values: readonly unknown[] = [], options: QueryOptions = {}): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool || pool.ended) return db.$queryRawUnsafe<T[]>(text, ...values);
  const name = options.prepare ? statementName(text) : undefined;
  return (await pool.query<T & pg.QueryResultRow>({ name, text, values: [...values], types: RAW_TYPES })).rows;
}

/** The same for a `Prisma.sql` statement: the rows `db.$queryRaw(query)` would return. */
export function queryRows<T>(db: DbClient, query: Prisma.Sql, options: QueryOptions = {}): Promise<T[]> {
  return queryText<T>(db, query.text, query.values, options);
}

/** What a repository method accepts: the root client or the client of an interactive transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

/** The Prisma error code (`P2002` unique violation, `P2025` record not found, ...) or undefined. */
export function prismaErrorCode(err: unknown): string | undefined {
  return err instanceof Prisma.PrismaClientKnownRequestError ? err.code : undefined;
}

export const isUniqueViolation = (err: unknown): boolean => prismaErrorCode(err) === 'P2002';
export const isRecordNotFound = (err: unknown): boolean => prismaErrorCode(err) === 'P2025';

/** A Prisma client (or transaction) as the plain-SQL helpers' client (`$n` parameters, rows back). */
export function sqlTxOf(client: DbClient): import('./artifact-delete.js').SqlTx {
  return { query: async <T>(text: string, values: unknown[] = []) => ({ rows: await queryText<T>(client, text, values) }) };
}

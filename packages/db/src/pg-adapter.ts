// The pg-backed Prisma driver adapter shared by the runtime client and the Prisma CLI (prisma.config.ts),
// with the fixes @prisma/adapter-pg 6.19.3 needs: catalog column types it cannot map, a shadow database
// that actually points at the shadow database, and pools that do not keep a finished process alive.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { withDatabase } from './url.js';

export { withDatabase };

export type PrismaPgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

const TEXT_OID = 25;
// PostgreSQL's `"char"` (18) and `name` (19) appear in catalog queries (the CLI's introspection, or a
// $queryRaw on pg_catalog); the adapter throws "Column type 'name' could not be deserialized" for them
// (prisma/orm#27403). Both are plain strings on the wire, so reporting them as text is exact.
const CATALOG_TEXT_OIDS = new Set([18, 19]);

type Fields = { fields?: Array<{ dataTypeID: number }> } | undefined;

function relabelCatalogColumns<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of (r as Fields)?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/** A pg.Client whose query results report `"char"`/`name` columns as text. */
export class CatalogSafeClient extends pg.Client {}

type AnyFn = (...args: unknown[]) => unknown;
const baseQuery = pg.Client.prototype.query as unknown as AnyFn;
// Patched on the subclass prototype, not pg.Client, so only pools built here are affected. Both calling
// styles are covered: the adapter awaits a promise, pg-pool's pool.query passes a callback.
(CatalogSafeClient.prototype as unknown as { query: AnyFn }).query = function (this: pg.Client, ...args: unknown[]) {
  const cbIndex = args.findIndex((a) => typeof a === 'function');
  if (cbIndex >= 0) {
    const cb = args[cbIndex] as (err: unknown, res: unknown) => void;
    args[cbIndex] = (err: unknown, res: unknown) => cb(err, err ? res : relabelCatalogColumns(res));
    return baseQuery.apply(this, args);
  }
  const out = baseQuery.apply(this, args);
  return out instanceof Promise ? out.then(relabelCatalogColumns) : out;
};

/**
 * A CatalogSafeClient whose session runs in UTC, set before the pool hands the connection out:
 * @prisma/adapter-pg reads every timestamptz as if its offset were +00:00 and sends Dates as UTC text
 * without a zone, so a server defaulting to any other time zone would shift every instant.
 */
export class UtcClient extends CatalogSafeClient {}

type ConnectFn = (callback?: (err?: Error) => void) => Promise<void> | undefined;
const baseConnect = pg.Client.prototype.connect as unknown as ConnectFn;
(UtcClient.prototype as unknown as { connect: ConnectFn }).connect = function (this: pg.Client, callback?: (err?: Error) => void) {
  const ready = (baseConnect.call(this) as Promise<void>).then(async () => {
    await baseQuery.call(this, "SET TIME ZONE 'UTC'");
  });
  if (!callback) return ready;
  ready.then(() => callback(), (err: Error) => callback(err));
  return undefined;
};

export interface PoolOptions {
  poolSize?: number;
  /** Connections run in UTC (the runtime client's pool). */
  utc?: boolean;
}

export function pgPoolConfig(databaseUrl: string, opts: PoolOptions = {}): pg.PoolConfig {
  return {
    connectionString: databaseUrl,
    max: opts.poolSize ?? 10,
    Client: opts.utc ? UtcClient : CatalogSafeClient,
    // Idle pooled connections must not hold the event loop open: without this a CLI command lingers until
    // pg's 10 s idle timeout after finishing, and so would any script or test that forgets to disconnect.
    allowExitOnIdle: true,
  };
}

export function createPgAdapterFactory(databaseUrl: string, opts: PoolOptions = {}): PrismaPg {
  return new PrismaPg(pgPoolConfig(databaseUrl, opts));
}

/** The URL of another database on the same server (credentials and parameters kept). */
/**
 * The adapter factory handed to the Prisma CLI. Its shadow database (used by `migrate dev` and
 * `migrate diff --from-migrations`) is created next to the target database. The stock factory spreads
 * `database` into a config that also holds `connectionString`, which wins, so its "shadow" connection
 * was the real database; and it dropped the shadow database while its own pool was still connected.
 */
export class CliPgAdapterFactory extends PrismaPg {
  constructor(private readonly databaseUrl: string) {
    super(pgPoolConfig(databaseUrl, { poolSize: 4 }));
  }

  override async connectToShadowDb(): Promise<PrismaPgAdapter> {
    const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    await adminQuery(this.databaseUrl, `CREATE DATABASE "${name}"`);
    const adapter = await createPgAdapterFactory(withDatabase(this.databaseUrl, name), { poolSize: 2 }).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose(); // closes the shadow pool first, then nothing is connected to what we drop
      await adminQuery(this.databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
    return adapter;
  }
}

async function adminQuery(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

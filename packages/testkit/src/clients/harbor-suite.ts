// The whole suite as the README starts it (`npm start`, i.e. scripts/start.mjs): core, jobservice, registry, portal and proxy
// as child processes on free ports, with their own database, data directories and signing key.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createTestDatabase } from '../database.js';
import { freePort, makeTempDir, removeDir, spawnDaemon, waitUntil } from './exec.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

export interface HarborSuite {
  /** The proxy, the suite's single entry point, as `127.0.0.1:PORT`. */
  host: string;
  url: string;
  /** The jobservice's health listener. */
  jobserviceUrl: string;
  /** The registry's content store on disk (what garbage collection sweeps). */
  storageDir: string;
  /** The web console's own server (the proxy sends `/` there). */
  portalUrl: string;
  coreUrl: string;
  registryUrl: string;
  databaseUrl: string;
  /** Core and the registry share this Redis key prefix (sessions, the event stream); removed on stop. */
  redisKeyPrefix: string;
  /** Core's token signing key and certificate (PEM files), for tests that mint tokens of their own. */
  signingKeyPath: string;
  signingCertPath: string;
  /** Runs one SQL statement on the suite's database, for states no API reaches (e.g. an expired robot). */
  sql(text: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

export async function startHarborSuite(opts: { adminPassword?: string; timeoutMs?: number } = {}): Promise<HarborSuite> {
  const dir = makeTempDir('harbor-suite');
  const db = await createTestDatabase();
  const [core, registry, portal, jobservice, proxy] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const external = `http://127.0.0.1:${proxy}`;
  // scripts/start.mjs hands core's Redis settings to the registry, so both use this prefix.
  const redisKeyPrefix = `harbor-suite-${proxy}:`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HARBOR_ADMIN_PASSWORD: opts.adminPassword ?? 'Harbor12345',
    // The test command has already installed and built; parallel suites must not rebuild under each other.
    HARBOR_SETUP_DONE: process.env.HARBOR_SETUP_DONE ?? '1',
    CORE_HTTP_ADDR: `127.0.0.1:${core}`,
    CORE_DATABASE_URL: db.url,
    CORE_DATADIR: join(dir, 'core'),
    CORE_EXTERNALURL: external,
    CORE_LOG_LEVEL: 'warn',
    CORE_REDIS_KEYPREFIX: redisKeyPrefix,
    REGISTRY_HTTP_ADDR: `127.0.0.1:${registry}`,
    REGISTRY_DATABASE_URL: db.url,
    REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: join(dir, 'registry'),
    REGISTRY_AUTH_TOKEN_REALM: `${external}/service/token`,
    REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE: join(dir, 'core', 'token', 'root.crt'),
    REGISTRY_LOG_LEVEL: 'warn',
    JOBSERVICE_HTTP_ADDR: `127.0.0.1:${jobservice}`,
    JOBSERVICE_LOG_LEVEL: 'warn',
    PORTAL_HTTP_ADDR: `127.0.0.1:${portal}`,
    PORTAL_LOG_LEVEL: 'warn',
    PROXY_HTTP_ADDR: `127.0.0.1:${proxy}`,
    PROXY_UPSTREAMS_PORTAL: `http://127.0.0.1:${portal}`,
    PROXY_UPSTREAMS_CORE: `http://127.0.0.1:${core}`,
    PROXY_UPSTREAMS_REGISTRY: `http://127.0.0.1:${registry}`,
    PROXY_EXTERNALURL: external,
    PROXY_DATADIR: join(dir, 'proxy'),
    PROXY_LOG_LEVEL: 'warn',
  };
  const daemon = spawnDaemon(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], { env, cwd: ROOT, logFile: join(dir, 'suite.log') });
  const stop = async () => {
    await daemon.stop(10_000);
    await dropRedisKeys(env.CORE_REDIS_URL ?? 'redis://127.0.0.1:6379/0', redisKeyPrefix);
    await db.drop();
    removeDir(dir);
  };
  try {
    await waitUntil('harbor suite', daemon, async () => {
      const [v2, ping, portalHealth, jobs] = await Promise.all([fetch(`${external}/v2/`), fetch(`${external}/api/v2.0/ping`), fetch(`${external}/healthz`),
        fetch(`http://127.0.0.1:${jobservice}/healthz`).catch(() => null)]);
      await Promise.all([v2.arrayBuffer(), ping.arrayBuffer(), portalHealth.arrayBuffer(), jobs?.arrayBuffer()]);
      return v2.status === 401 && ping.status === 200 && portalHealth.status === 200 && jobs?.status === 200;
    }, opts.timeoutMs ?? 120_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    host: `127.0.0.1:${proxy}`, url: external, coreUrl: `http://127.0.0.1:${core}`, registryUrl: `http://127.0.0.1:${registry}`,
    portalUrl: `http://127.0.0.1:${portal}`, jobserviceUrl: `http://127.0.0.1:${jobservice}`, storageDir: join(dir, 'registry'), databaseUrl: db.url, redisKeyPrefix, stop,
    signingKeyPath: join(dir, 'core', 'token', 'private_key.pem'),
    signingCertPath: join(dir, 'core', 'token', 'root.crt'),
    sql: (text, values) => runSql(db.url, text, values),
  };
}

async function runSql(url: string, text: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    const keys = await redis.keys(`${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`);
    if (keys.length) await redis.del(...keys);
  } catch {
    // Redis away: nothing to clean.
  } finally {
    redis.disconnect();
  }
}

// The whole suite as the README starts it (`npm start`, i.e. scripts/start.mjs): core, registry and proxy
// as child processes on free ports, with their own database, data directories and signing key.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../database.js';
import { freePort, makeTempDir, removeDir, spawnDaemon, waitUntil } from './exec.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

export interface HarborSuite {
  /** The proxy, the suite's single entry point, as `127.0.0.1:PORT`. */
  host: string;
  url: string;
  coreUrl: string;
  registryUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startHarborSuite(opts: { adminPassword?: string; timeoutMs?: number } = {}): Promise<HarborSuite> {
  const dir = makeTempDir('harbor-suite');
  const db = await createTestDatabase();
  const [core, registry, proxy] = [await freePort(), await freePort(), await freePort()];
  const external = `http://127.0.0.1:${proxy}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HARBOR_ADMIN_PASSWORD: opts.adminPassword ?? 'Harbor12345',
    CORE_HTTP_ADDR: `127.0.0.1:${core}`,
    CORE_DATABASE_URL: db.url,
    CORE_DATADIR: join(dir, 'core'),
    CORE_EXTERNALURL: external,
    CORE_LOG_LEVEL: 'warn',
    CORE_REDIS_KEYPREFIX: `harbor-suite-${proxy}:`,
    REGISTRY_HTTP_ADDR: `127.0.0.1:${registry}`,
    REGISTRY_DATABASE_URL: db.url,
    REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: join(dir, 'registry'),
    REGISTRY_AUTH_TOKEN_REALM: `${external}/service/token`,
    REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE: join(dir, 'core', 'token', 'root.crt'),
    REGISTRY_LOG_LEVEL: 'warn',
    PROXY_HTTP_ADDR: `127.0.0.1:${proxy}`,
    PROXY_UPSTREAMS_CORE: `http://127.0.0.1:${core}`,
    PROXY_UPSTREAMS_REGISTRY: `http://127.0.0.1:${registry}`,
    PROXY_EXTERNALURL: external,
    PROXY_DATADIR: join(dir, 'proxy'),
    PROXY_LOG_LEVEL: 'warn',
  };
  const daemon = spawnDaemon(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], { env, cwd: ROOT, logFile: join(dir, 'suite.log') });
  const stop = async () => {
    await daemon.stop(10_000);
    await db.drop();
    removeDir(dir);
  };
  try {
    await waitUntil('harbor suite', daemon, async () => {
      const [v2, ping] = await Promise.all([fetch(`${external}/v2/`), fetch(`${external}/api/v2.0/ping`)]);
      await Promise.all([v2.arrayBuffer(), ping.arrayBuffer()]);
      return v2.status === 401 && ping.status === 200;
    }, opts.timeoutMs ?? 120_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    host: `127.0.0.1:${proxy}`, url: external, coreUrl: `http://127.0.0.1:${core}`, registryUrl: `http://127.0.0.1:${registry}`,
    databaseUrl: db.url, stop,
  };
}

// Our registry as the product ships it: the built `services/registry/dist/main.js serve config.yml`, run as
// a child process on a free port with its own database and storage directory (or S3 parameters).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../database.js';
import { freePort, makeTempDir, removeDir, spawnDaemon, waitUntil } from './exec.js';
import { serviceEnv } from './runtime-env.js';

const MAIN = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../services/registry/dist/main.js');

export interface HarborRegistryOptions {
  token?: { realm: string; service: string; issuer: string; rootCertBundlePath: string };
  /** Extra YAML appended under `storage:` (indented by the caller), e.g. an s3 section. */
  storageYaml?: string;
  logLevel?: string;
  /** An existing database URL; by default a throwaway database is created and dropped. */
  databaseUrl?: string;
  /** Publish artifact events to this Redis (`host:port`) under this key prefix; off by default. */
  redis?: { addr: string; keyprefix: string; db?: number };
}

export interface HarborRegistry {
  url: string;
  host: string;
  port: number;
  pid: number;
  dir: string;
  storageDir: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

function configYaml(port: number, storageDir: string, databaseUrl: string, opts: HarborRegistryOptions): string {
  const lines = [
    'version: 0.1',
    `log: {level: ${opts.logLevel ?? 'warn'}}`,
    `http: {addr: "127.0.0.1:${port}"}`,
    'storage:',
    opts.storageYaml ?? `  filesystem: {rootdirectory: "${storageDir}"}`,
    '  delete: {enabled: true}',
    `database: {url: "${databaseUrl}"}`,
  ];
  if (opts.redis) lines.push(`redis: {addr: "${opts.redis.addr}", db: ${opts.redis.db ?? 0}, keyprefix: "${opts.redis.keyprefix}"}`);
  if (opts.token) {
    const t = opts.token;
    lines.push('auth:', '  token:', `    realm: "${t.realm}"`, `    service: "${t.service}"`, `    issuer: "${t.issuer}"`,
      `    rootcertbundle: "${t.rootCertBundlePath}"`);
  }
  return lines.join('\n') + '\n';
}

export async function startHarborRegistry(opts: HarborRegistryOptions = {}): Promise<HarborRegistry> {
  const dir = makeTempDir('harbor-registry');
  const storageDir = join(dir, 'data');
  const db = opts.databaseUrl ? null : await createTestDatabase();
  const databaseUrl = opts.databaseUrl ?? db!.url;
  const cleanup = async () => {
    removeDir(dir);
    await db?.drop();
  };
  const env = await serviceEnv();
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const configPath = join(dir, 'config.yml');
      writeFileSync(configPath, configYaml(port, storageDir, databaseUrl, opts));
      const daemon = spawnDaemon(process.execPath, [...(process.env.HARBOR_REGISTRY_NODE_ARGS?.split(' ').filter(Boolean) ?? []), MAIN, 'serve', configPath], { env, logFile: join(dir, 'registry.log') });
      const url = `http://127.0.0.1:${port}`;
      try {
        await waitUntil('harbor registry', daemon, async () => {
          const res = await fetch(`${url}/v2/`);
          await res.arrayBuffer();
          return res.status === 200 || res.status === 401;
        });
      } catch (e) {
        await daemon.stop();
        if (attempt < 3 && /EADDRINUSE/.test(daemon.tail())) continue;
        throw e;
      }
      return {
        url, host: `127.0.0.1:${port}`, port, pid: daemon.pid, dir, storageDir, databaseUrl,
        async stop() {
          await daemon.stop();
          await cleanup();
        },
      };
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
}

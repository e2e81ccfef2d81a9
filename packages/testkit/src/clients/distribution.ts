// The reference registry: Debian's `docker-registry` (CNCF distribution 2.8.2) on a free port with
// filesystem storage in a temp dir, deletes enabled, and optional token or htpasswd authentication.
// The e2e suite and the benchmark compare our registry against it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort, makeTempDir, removeDir, run, spawnDaemon, waitUntil } from './exec.js';

export interface DistributionTokenAuth {
  realm: string;
  service: string;
  issuer: string;
  /** PEM bundle of the certificate(s) whose keys sign the tokens. */
  rootCertBundlePath: string;
}

export interface DistributionOptions {
  token?: DistributionTokenAuth;
  /** Basic auth through an htpasswd file (ignored when `token` is given). */
  htpasswd?: { username: string; password: string };
  /** Registry log level (default `warn`; the log is in `<dir>/registry.log`). */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

export interface Distribution {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, the form clients put in image references. */
  host: string;
  port: number;
  /** Temp dir holding config.yml, registry.log and the storage root (`data/`). */
  dir: string;
  storageDir: string;
  stop(): Promise<void>;
}

const BINARY = process.env.HARBOR_DISTRIBUTION_BIN ?? 'docker-registry';

function configYaml(port: number, storageDir: string, opts: DistributionOptions, htpasswdPath?: string): string {
  const lines = [
    'version: 0.1',
    'log:',
    `  level: ${opts.logLevel ?? 'warn'}`,
    '  accesslog:',
    `    disabled: ${opts.logLevel === 'debug' || opts.logLevel === 'info' ? 'false' : 'true'}`,
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storageDir)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false', // purging runs at random times and touches storage mid-test
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    '  headers:',
    '    X-Content-Type-Options: [nosniff]',
  ];
  if (opts.token) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${JSON.stringify(opts.token.realm)}`,
      `    service: ${JSON.stringify(opts.token.service)}`,
      `    issuer: ${JSON.stringify(opts.token.issuer)}`,
      `    rootcertbundle: ${JSON.stringify(opts.token.rootCertBundlePath)}`,
    );
  } else if (htpasswdPath) {
    lines.push('auth:', '  htpasswd:', '    realm: distribution', `    path: ${JSON.stringify(htpasswdPath)}`);
  }
  return lines.join('\n') + '\n';
}

/** Starts distribution; resolves once `GET /v2/` answers (200, or 401 with auth on). */
export async function startDistribution(opts: DistributionOptions = {}): Promise<Distribution> {
  const dir = makeTempDir('dist');
  const storageDir = join(dir, 'data');
  try {
    let htpasswdPath: string | undefined;
    if (!opts.token && opts.htpasswd) {
      // distribution accepts only bcrypt entries
      const { stdout } = await run('htpasswd', ['-Bbn', opts.htpasswd.username, opts.htpasswd.password]);
      htpasswdPath = join(dir, 'htpasswd');
      writeFileSync(htpasswdPath, stdout.trim() + '\n');
    }
    // The port is picked then handed over, so another process may grab it in between: retry on a new one.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const configPath = join(dir, 'config.yml');
      writeFileSync(configPath, configYaml(port, storageDir, opts, htpasswdPath));
      const daemon = spawnDaemon(BINARY, ['serve', configPath], { logFile: join(dir, 'registry.log') });
      const url = `http://127.0.0.1:${port}`;
      try {
        await waitUntil('docker-registry', daemon, async () => {
          const res = await fetch(`${url}/v2/`);
          await res.arrayBuffer();
          return res.status === 200 || res.status === 401;
        });
      } catch (e) {
        await daemon.stop();
        if (attempt < 3 && /address already in use/.test(daemon.tail())) continue;
        throw e;
      }
      return {
        url,
        host: `127.0.0.1:${port}`,
        port,
        dir,
        storageDir,
        async stop() {
          await daemon.stop();
          removeDir(dir);
        },
      };
    }
  } catch (e) {
    removeDir(dir);
    throw e;
  }
}

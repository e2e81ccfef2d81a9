// Starting the two registries under test with the same token settings and fresh storage: ours (the
// built service, as a child process on its own fresh PostgreSQL database) and distribution 2.8.2, both
// through testkit. Each comes back with the pid of the serving process, which the memory sampler reads.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDistribution, startHarborRegistry } from '@harbor/testkit';
import type { BenchAuth } from './auth.js';

export type Side = 'ours' | 'theirs';
export const SIDES: readonly Side[] = ['ours', 'theirs'];

export interface Target {
  side: Side;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, as image references spell it. */
  host: string;
  /** The process serving HTTP (for /proc/<pid>/status). */
  pid: number;
  /** Ours only: its PostgreSQL database (for diagnostics such as pg_stat_database). */
  databaseUrl?: string;
  stop(): Promise<void>;
}

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const OUR_MAIN = join(ROOT, 'services/registry/dist/main.js');

/**
 * Our registry (services/registry/dist, via testkit) on a fresh database and storage dir. `nodeArgs` go
 * to its node process (testkit reads them from HARBOR_REGISTRY_NODE_ARGS), e.g. --cpu-prof.
 */
export async function startOurs(auth: BenchAuth, nodeArgs: string[] = []): Promise<Target> {
  const saved = process.env.HARBOR_REGISTRY_NODE_ARGS;
  if (nodeArgs.length) process.env.HARBOR_REGISTRY_NODE_ARGS = nodeArgs.join(' ');
  try {
    const r = await startHarborRegistry({
      token: { realm: auth.realm, service: auth.service, issuer: auth.issuer, rootCertBundlePath: auth.rootCertBundlePath },
    });
    return { side: 'ours', url: r.url, host: r.host, pid: r.pid, databaseUrl: r.databaseUrl, stop: () => r.stop() };
  } finally {
    if (saved === undefined) delete process.env.HARBOR_REGISTRY_NODE_ARGS;
    else process.env.HARBOR_REGISTRY_NODE_ARGS = saved;
  }
}

/** distribution 2.8.2 (Debian's docker-registry) with fresh filesystem storage. */
export async function startTheirs(auth: BenchAuth): Promise<Target> {
  const dist = await startDistribution({
    token: { realm: auth.realm, service: auth.service, issuer: auth.issuer, rootCertBundlePath: auth.rootCertBundlePath },
  });
  const pid = pidListeningOn(dist.port);
  if (pid === null) {
    await dist.stop();
    throw new Error(`no process found listening on ${dist.host}`);
  }
  return { side: 'theirs', url: dist.url, host: dist.host, pid, stop: () => dist.stop() };
}

export function startTarget(side: Side, auth: BenchAuth, nodeArgs: string[] = []): Promise<Target> {
  return side === 'ours' ? startOurs(auth, nodeArgs) : startTheirs(auth);
}

/**
 * The pid owning the TCP socket listening on 127.0.0.1:port: the socket's inode from /proc/net/tcp,
 * then the process holding a descriptor to it. testkit's Distribution handle does not expose its pid.
 */
export function pidListeningOn(port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let inode: string | undefined;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // local_address is f[1] (ADDR:PORT in hex), st is f[3] (0A = LISTEN), inode is f[9]
    if (f.length > 9 && f[1].endsWith(`:${hexPort}`) && f[3] === '0A') inode = f[9];
  }
  if (!inode) return null;
  const wanted = `socket:[${inode}]`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${entry}/fd/${fd}`) === wanted) return Number(entry);
      } catch {
        /* fd closed meanwhile */
      }
    }
  }
  return null;
}

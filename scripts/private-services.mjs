// PostgreSQL and Redis for `npm start` on a fresh machine: when nothing answers at the configured URL and
// the binaries are installed, a private server is started under the data folder, on that URL's port, and
// stopped with the suite. Otherwise one sentence says what to install.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Something accepts TCP connections at host:port within a second. */
export function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function which(cmd) {
  const r = spawnSync('/bin/sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** initdb and pg_ctl on PATH, else Debian's /usr/lib/postgresql/<newest>/bin. */
function postgresBin() {
  if (which('initdb') && which('pg_ctl')) return { initdb: which('initdb'), pgCtl: which('pg_ctl') };
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? { initdb: join(base, versions[0], 'bin', 'initdb'), pgCtl: join(base, versions[0], 'bin', 'pg_ctl') } : null;
}

/** PostgreSQL refuses to run as root: then its files belong to, and it runs as, the `postgres` user. */
function asServerUser(dir) {
  if (process.getuid?.() !== 0) return (cmd, args) => [cmd, args];
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!uid) throw new Error('PostgreSQL cannot run as root and there is no `postgres` user: run `npm start` as another user or create one.');
  chownSync(dir, uid, gid);
  return (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
}

function runOrThrow([cmd, args], what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed: ${(r.stderr || r.stdout || r.error?.message || '').trim()}`);
}

/**
 * Makes sure PostgreSQL answers at `url`: nothing to do when it does; a private cluster under
 * `<dataRoot>/postgres` (trusting local connections, the URL's user as superuser) when it does not and the
 * host is this machine. Returns a stop function (or null when nothing was started).
 */
export async function ensurePostgres(url, dataRoot) {
  const u = new URL(url);
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || 5432);
  if (await reachable(host, port)) return null;
  const bin = postgresBin();
  if (!LOCAL_HOSTS.has(host) || !bin) {
    throw new Error(`PostgreSQL is not reachable at ${host}:${port}: install PostgreSQL (Debian: apt-get install postgresql, for initdb and pg_ctl) or point DATABASE_URL at a running server.`);
  }
  const dir = join(dataRoot, 'postgres');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const as = asServerUser(dir);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    const user = decodeURIComponent(u.username) || 'postgres';
    runOrThrow(as(bin.initdb, ['-D', dir, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C']), 'initdb');
  }
  const listen = host === 'localhost' ? 'localhost' : host.replace(/^\[|\]$/g, '');
  const opts = `-p ${port} -c listen_addresses=${listen} -c unix_socket_directories=''`;
  runOrThrow(as(bin.pgCtl, ['-D', dir, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']), 'starting PostgreSQL');
  console.log(`started a private PostgreSQL on ${host}:${port} (data in ${dir})`);
  return async () => {
    spawnSync(...as(bin.pgCtl, ['-D', dir, '-m', 'fast', '-w', 'stop']), { stdio: 'ignore' });
  };
}

/**
 * Makes sure Redis answers at `url`, starting a private `redis-server` (no persistence, data folder
 * `<dataRoot>/redis`) on the URL's port when nothing does and the host is this machine.
 */
export async function ensureRedis(url, dataRoot) {
  const u = new URL(url);
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || 6379);
  if (await reachable(host, port)) return null;
  const bin = which('redis-server');
  if (!LOCAL_HOSTS.has(host) || !bin) {
    throw new Error(`Redis is not reachable at ${host}:${port}: install Redis (Debian: apt-get install redis-server) or point REDIS_URL at a running server.`);
  }
  const dir = join(dataRoot, 'redis');
  mkdirSync(dir, { recursive: true });
  const args = ['--port', String(port), '--bind', host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''),
    '--dir', dir, '--save', '', '--appendonly', 'no'];
  if (u.password) args.push('--requirepass', decodeURIComponent(u.password));
  const log = openSync(join(dir, 'server.log'), 'a');
  // Its own process group: a Ctrl-C in the terminal reaches the services first, Redis is stopped after them.
  const child = spawn(bin, args, { stdio: ['ignore', log, log], detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let waited = 0; !(await reachable(host, port)); waited += 100) {
    if (child.exitCode !== null || waited > 15_000) throw new Error(`Redis did not start on ${host}:${port} (see ${join(dir, 'server.log')})`);
    await sleep(100);
  }
  console.log(`started a private Redis on ${host}:${port}`);
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
}

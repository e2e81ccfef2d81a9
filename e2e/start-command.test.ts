// The README's start command (`npm start`, scripts/start.mjs) as a user runs it: suite-wide variables
// only (HARBOR_PORT, DATABASE_URL, REDIS_URL, HARBOR_DATA_DIR, HARBOR_ADMIN_PASSWORD), the ready line with
// the URL and credentials, and Ctrl-C stopping every process it started, private databases included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, freePort, makeTempDir, removeDir, runtimeEnv } from '@harbor/testkit';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/** A port P with P..P+4 free: HARBOR_PORT puts the proxy on P and the other services on the next four. */
async function freeBlock(): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (p > 65_000) continue;
    let ok = true;
    for (let i = 1; i <= 4 && ok; i++) ok = await portFree(p + i);
    if (ok) return p;
  }
}

interface Started { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function startCommand(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, HARBOR_SETUP_DONE: '1', CORE_LOG_LEVEL: 'warn', REGISTRY_LOG_LEVEL: 'warn', JOBSERVICE_LOG_LEVEL: 'warn',
      PORTAL_LOG_LEVEL: 'warn', PROXY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, output: () => out, exited };
}

async function waitForLine(s: Started, line: string, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!s.output().includes(line)) {
    if (s.child.exitCode !== null) throw new Error(`start.mjs exited (${s.child.exitCode}):\n${s.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${line}" after ${timeoutMs} ms:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * The environment a process was started with (/proc/<pid>/environ). glibc cuts GLIBC_TUNABLES there after
 * its first setting once it has parsed them all, so that variable is compared by its first setting.
 */
function startEnv(pid: number): Map<string, string> {
  const vars = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(vars.map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function dropRedisKeys(url: string, prefix: string): void {
  try {
    const keys = execFileSync('redis-cli', ['-u', url, '--scan', '--pattern', `${prefix}*`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (keys.length) execFileSync('redis-cli', ['-u', url, 'del', ...keys], { stdio: 'ignore' });
  } catch {
    // Redis away or redis-cli missing: nothing to clean.
  }
}

/** Starts the command, checks the ready line and the API through the proxy, stops it with SIGINT. */
async function runAndStop(env: NodeJS.ProcessEnv, port: number, dataDir: string): Promise<void> {
  const s = startCommand(env);
  try {
    await waitForLine(s, `Harbor is ready at http://127.0.0.1:${port}/ — sign in as admin / ${env.HARBOR_ADMIN_PASSWORD}`);
    const ping = await fetch(`http://127.0.0.1:${port}/api/v2.0/ping`);
    assert.equal(ping.status, 200);
    assert.equal(await ping.text(), 'Pong');
    const me = await fetch(`http://127.0.0.1:${port}/api/v2.0/users/current`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${env.HARBOR_ADMIN_PASSWORD}`).toString('base64')}` },
    });
    assert.equal(me.status, 200, 'the admin signs in with the announced password');
    const pids = childPids(s.child.pid!);
    assert.ok(pids.length >= 5, `core, jobservice, registry, portal and proxy run as children (found ${pids.length})`);
    const services = pids.filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/'));
    assert.equal(services.length, 5, 'five Node.js services');
    for (const pid of services) {
      // Each leads a session of its own, so the scheduler shares CPU between the services as between containers.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      assert.equal(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]), pid, `service ${pid} leads its own session`);
    }
    for (const [name, value] of Object.entries(await runtimeEnv())) {
      const wanted = env[name] || value;
      for (const pid of services) assert.equal(startEnv(pid).get(name), wanted.split(':')[0], `service ${pid} runs with ${name}`);
    }
    s.child.kill('SIGINT');
    assert.equal(await s.exited, 0, s.output());
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} outlived the start command`);
    assert.ok(existsSync(join(dataDir, 'core', 'token', 'root.crt')), "core's token certificate is in HARBOR_DATA_DIR");
  } finally {
    if (s.child.exitCode === null) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  }
}

test('npm start brings the suite up on the configured PostgreSQL, Redis, port and data folder with the runtime environment, and Ctrl-C stops it', async () => {
  const db = await createTestDatabase();
  const dir = makeTempDir('start');
  const port = await freeBlock();
  const prefix = `harbor-start-${port}:`;
  try {
    await runAndStop({ HARBOR_PORT: String(port), DATABASE_URL: db.url, HARBOR_DATA_DIR: dir, CORE_REDIS_KEYPREFIX: prefix,
      HARBOR_ADMIN_PASSWORD: 'Start-12345' }, port, dir);
  } finally {
    dropRedisKeys('redis://127.0.0.1:6379/0', prefix);
    await db.drop();
    removeDir(dir);
  }
});

test('npm start runs private PostgreSQL and Redis under the data folder when none answers, and stops them; an operator\'s GLIBC_TUNABLES wins', async () => {
  const dir = makeTempDir('start-private');
  // PostgreSQL runs as the `postgres` user when the tests run as root: it must reach its folder.
  chmodSync(dir, 0o755);
  const port = await freeBlock();
  const [pgPort, redisPort] = [await freePort(), await freePort()];
  try {
    await runAndStop({ HARBOR_PORT: String(port), DATABASE_URL: `postgresql://root@127.0.0.1:${pgPort}/harbor`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}/0`, HARBOR_DATA_DIR: dir, HARBOR_ADMIN_PASSWORD: 'Private-12345',
      GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=1048576' }, port, dir);
    assert.ok(existsSync(join(dir, 'postgres', 'PG_VERSION')), 'the private cluster lives under HARBOR_DATA_DIR');
    assert.equal(existsSync(join(dir, 'postgres', 'postmaster.pid')), false, 'the private PostgreSQL is stopped');
    assert.equal(await portFree(pgPort), true, 'nothing listens on the private PostgreSQL port any more');
    assert.equal(await portFree(redisPort), true, 'nothing listens on the private Redis port any more');
  } finally {
    removeDir(dir);
  }
});

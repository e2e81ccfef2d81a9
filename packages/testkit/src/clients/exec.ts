// Process plumbing shared by the real-client wrappers: one-shot commands that throw with their output on
// failure, long-running daemons with readiness polling and guaranteed teardown, free ports and temp dirs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin (e.g. `--password-stdin`). */
  input?: string | Buffer;
  cwd?: string;
  /** Kill the command after this many ms (default 120 s) so a hung client cannot stall the suite. */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`${command} failed (${signal ?? `exit ${code}`})\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`);
    this.name = 'CommandError';
  }
}

/** Runs a command to completion; resolves with its output or rejects with a CommandError carrying it. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const printable = [cmd, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new CommandError(`${printable} (${e.message})`, null, null, '', ''));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else reject(new CommandError(printable, code, signal, stdout, stderr));
    });
    child.stdin.on('error', () => {}); // the command may exit before reading its input
    child.stdin.end(opts.input ?? '');
  });
}

/** A process as /proc shows it: its parent and its start time (which tells a reused pid apart). */
function procStat(pid: number | string): { ppid: number; started: string } | null {
  try {
    // The fields after the command name (which may hold spaces and parentheses): state, ppid, … starttime.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), started: fields[19] };
  } catch {
    return null; // gone meanwhile
  }
}

interface ProcessRef {
  pid: number;
  started: string;
}

/**
 * Every process descended from `pid` (from /proc: a daemon's children may sit in sessions of their own,
 * as `npm start`'s services do, where a signal to the daemon's process group does not reach them).
 */
function descendantsOf(pid: number): ProcessRef[] {
  const children = new Map<number, ProcessRef[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = procStat(entry);
    if (st) children.set(st.ppid, [...(children.get(st.ppid) ?? []), { pid: Number(entry), started: st.started }]);
  }
  const out: ProcessRef[] = [];
  for (let queue = [pid]; queue.length; ) {
    const next = children.get(queue.shift()!) ?? [];
    out.push(...next);
    queue.push(...next.map((p) => p.pid));
  }
  return out;
}

/** Signals each process that is still the one recorded (same pid, same start time). */
function killAll(procs: readonly ProcessRef[], sig: NodeJS.Signals): void {
  for (const p of procs) {
    if (procStat(p.pid)?.started !== p.started) continue;
    try {
      process.kill(p.pid, sig);
    } catch {
      /* already gone */
    }
  }
}

// Daemons still alive and temp dirs still present when the test process exits (a crashed test, a
// forgotten stop, Ctrl-C) are killed and removed here, synchronously, so nothing outlives the run.
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of live) {
      const tree = c.pid ? descendantsOf(c.pid) : [];
      try {
        if (c.pid) process.kill(-c.pid, 'SIGKILL');
      } catch {
        c.kill('SIGKILL');
      }
      killAll(tree, 'SIGKILL');
    }
    for (const dir of tempDirs) {
      try {
        unmountUnder(dir);
        rmSync(dir, { recursive: true, force: true });
      } catch {
        /* best effort at exit */
      }
    }
  });
  // 'exit' does not run on a fatal signal; turn the usual ones into a normal exit while we own resources.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1)));
  }
}
function trackForExit(child: ChildProcess): void {
  installExitHook();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

export interface Daemon {
  readonly pid: number;
  readonly logFile: string;
  /** Last lines of the daemon's log, for error messages. */
  tail(lines?: number): string;
  exited(): boolean;
  /** SIGTERM the daemon's process group, SIGKILL after `graceMs`, resolve once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface DaemonOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout+stderr go here. */
  logFile: string;
}

/** Spawns a long-running process in its own process group (so stop() also reaches its children). */
export function spawnDaemon(cmd: string, args: readonly string[], opts: DaemonOptions): Daemon {
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: dockerd's managed containerd dies with it
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));
  trackForExit(child);
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let done = false;
  exitedPromise.then(() => {
    done = true;
  });

  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  return {
    pid: child.pid ?? -1,
    logFile: opts.logFile,
    tail(lines = 40) {
      let text = '';
      try {
        text = readFileSync(opts.logFile, 'utf8');
      } catch {
        /* no log yet */
      }
      const tail = text.split('\n').slice(-lines).join('\n');
      return spawnError ? `${spawnError.message}\n${tail}` : tail;
    },
    exited: () => done || spawnError !== undefined,
    async stop(graceMs = 10_000) {
      if (!done && !spawnError) {
        // Known before the daemon goes: once it has, its children belong to init.
        const tree = child.pid ? descendantsOf(child.pid) : [];
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        await exitedPromise;
        clearTimeout(timer);
        // children of the group that ignored SIGTERM (e.g. containerd-shim) must not linger, nor
        // children in sessions of their own that the daemon failed to stop
        signalGroup('SIGKILL');
        killAll(tree, 'SIGKILL');
      }
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}

/** Polls `probe` until it returns true; fails early (with the log) if the daemon dies. */
export async function waitUntil(
  what: string,
  daemon: Daemon,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    if (daemon.exited()) throw new Error(`${what} exited during start-up:\n${daemon.tail()}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms:\n${daemon.tail()}`);
    await sleep(delay);
  }
}

/** A port free right now on 127.0.0.1 (a daemon that cannot take port 0 must be handed one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A fresh directory under the OS temp dir, removed by removeDir() or at the latest when the process exits.
 * Kept short (`/tmp/hk-<prefix>-XXXXXX`) because unix socket paths inside it must stay under 108 bytes.
 */
export function makeTempDir(prefix: string): string {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), `hk-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/**
 * dockerd bind-mounts its data root onto itself and unmounts it only on a clean shutdown; a killed daemon
 * leaves the mount behind and the directory cannot be removed. Lazily unmount whatever is left under `dir`.
 */
function unmountUnder(dir: string): void {
  let mounts: string[];
  try {
    mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' ') ?? '')
      .filter((mp) => mp === dir || mp.startsWith(`${dir}/`));
  } catch {
    return; // no /proc (not Linux): nothing of ours can be mounted
  }
  for (const mp of mounts.sort((a, b) => b.length - a.length)) spawnSync('umount', ['-l', mp], { stdio: 'ignore' });
}

export function removeDir(dir: string): void {
  unmountUnder(dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  tempDirs.delete(dir);
}

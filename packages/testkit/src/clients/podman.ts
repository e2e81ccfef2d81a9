// podman with a private image store (vfs, cgroupfs, file events) and private containers config and
// auth file under one temp dir; registry traffic is plain HTTP (`--tls-verify=false` is added for the
// commands that talk to a registry).
import { join } from 'node:path';
import { writeContainersConf } from './containers-conf.js';
import { makeTempDir, removeDir, run, type RunOptions, type RunResult } from './exec.js';

export interface Podman {
  dir: string;
  /** The auth file `podman login` writes (REGISTRY_AUTH_FILE). */
  authFile: string;
  /** Runs podman with the private store; `login|push|pull|search` get `--tls-verify=false`. */
  podman(args: readonly string[], opts?: Pick<RunOptions, 'input' | 'timeoutMs'>): Promise<RunResult>;
  /** Removes the store (podman keeps no daemon, so nothing else is left running). */
  cleanup(): Promise<void>;
}

const REGISTRY_COMMANDS = new Set(['login', 'push', 'pull', 'search']);

export async function createPodman(): Promise<Podman> {
  const dir = makeTempDir('podman');
  const conf = writeContainersConf(dir);
  const global = [
    '--root', join(dir, 'root'),
    '--runroot', join(dir, 'runroot'),
    '--tmpdir', join(dir, 'tmp'),
    '--storage-driver', 'vfs',
    '--cgroup-manager', 'cgroupfs',
    '--events-backend', 'file',
  ];
  const env = { ...conf.env, TMPDIR: dir };
  const podman = (args: readonly string[], opts: Pick<RunOptions, 'input' | 'timeoutMs'> = {}) => {
    const [cmd, ...rest] = args;
    const full = cmd && REGISTRY_COMMANDS.has(cmd) ? [cmd, '--tls-verify=false', ...rest] : [...args];
    return run('podman', [...global, ...full], { env, ...opts });
  };
  return {
    dir,
    authFile: conf.authFile,
    podman,
    async cleanup() {
      removeDir(dir);
    },
  };
}

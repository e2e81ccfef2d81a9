// A private Docker engine for a test: its own socket, data root, exec root, pid file and client config
// under one temp dir, no iptables or bridge (it never touches the host's network), removed on stop().
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeDir, run, spawnDaemon, waitUntil, type RunOptions, type RunResult } from './exec.js';

export interface DockerdOptions {
  /** `vfs` (default: works on any filesystem, fine for small test images) or `overlay2`. */
  storageDriver?: 'vfs' | 'overlay2';
}

export interface Dockerd {
  /** DOCKER_HOST and DOCKER_CONFIG for running the docker CLI against this engine by hand. */
  env: { DOCKER_HOST: string; DOCKER_CONFIG: string };
  dir: string;
  /** Runs the docker CLI against this engine; rejects with the output on a non-zero exit. */
  docker(args: readonly string[], opts?: Pick<RunOptions, 'input' | 'timeoutMs'>): Promise<RunResult>;
  stop(): Promise<void>;
}

// Debian's docker.io ships a CLI matching its 20.10 engine in /usr/bin; a newer CLI earlier on PATH
// (e.g. /usr/local/bin/docker) would negotiate down but prints different messages, so prefer the match.
const DOCKER_CLI = process.env.HARBOR_DOCKER_CLI ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');
const DOCKERD = process.env.HARBOR_DOCKERD_BIN ?? 'dockerd';

export async function startDockerd(opts: DockerdOptions = {}): Promise<Dockerd> {
  const dir = makeTempDir('dockerd');
  const socket = join(dir, 'docker.sock');
  const clientConfig = join(dir, 'client');
  mkdirSync(clientConfig);
  // An empty client config: no credential helpers or credsStore from the host, so logins stay in here.
  writeFileSync(join(clientConfig, 'config.json'), '{}\n');
  // An explicit daemon config keeps the host's /etc/docker/daemon.json (mirrors, drivers) out of the test.
  const daemonConfig = join(dir, 'daemon.json');
  writeFileSync(daemonConfig, '{}\n');
  const env = { DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: clientConfig };
  const clientEnv = { ...process.env, ...env };

  const daemon = spawnDaemon(
    DOCKERD,
    [
      '--host', env.DOCKER_HOST,
      '--config-file', daemonConfig,
      '--data-root', join(dir, 'data'),
      '--exec-root', join(dir, 'exec'),
      '--pidfile', join(dir, 'docker.pid'),
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      '--storage-driver', opts.storageDriver ?? 'vfs',
    ],
    { logFile: join(dir, 'dockerd.log') },
  );
  const docker = (args: readonly string[], o: Pick<RunOptions, 'input' | 'timeoutMs'> = {}) =>
    run(DOCKER_CLI, args, { env: clientEnv, ...o });
  const stop = async () => {
    await daemon.stop(15_000);
    removeDir(dir);
  };
  try {
    await waitUntil('dockerd', daemon, async () => {
      await docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 5_000 });
      return true;
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { env, dir, docker, stop };
}

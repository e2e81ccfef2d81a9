// Tag immutability through the whole stack with the real docker engine: a project admin adds an
// immutability rule through /api/v2.0 (via the proxy); docker pushes a tag the rule covers once, and
// pushing over it — another image or the same one — fails; tags outside the rule stay mutable; the API
// refuses to delete the protected artifact; once the rule is disabled, the tag moves again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestImage, CommandError, makeTempDir, removeDir, startDockerd, startHarborSuite, type Dockerd, type HarborSuite, type TestImage } from '@harbor/testkit';
import { HarborApi } from './harbor-api.js';

const STEP = { timeout: 180_000 };
const PASSWORD = 'Passw0rd!';

describe('tag immutability with docker through the proxy', () => {
  let suite: HarborSuite;
  let dockerd: Dockerd;
  let imageA: TestImage;
  let imageB: TestImage;
  let api: HarborApi;
  let work: string;
  let ruleId: number;

  const ref = (repo: string, tag: string) => `${suite.host}/${repo}:${tag}`;
  const docker = (args: string[], input?: string) => dockerd.docker(args, { input, timeoutMs: 120_000 });
  const digestAfter = (label: string, output: string) => {
    const m = new RegExp(`${label}:? (sha256:[0-9a-f]{64})`).exec(output);
    assert.ok(m, output);
    return m[1];
  };
  const push = async (image: TestImage, target: string) => {
    await docker(['tag', image.dockerRef!, target]);
    return digestAfter('digest', (await docker(['push', target])).stdout);
  };
  const pushFails = async (image: TestImage, target: string): Promise<string> => {
    await docker(['tag', image.dockerRef!, target]);
    try {
      await docker(['push', target]);
    } catch (e) {
      if (e instanceof CommandError) return `${e.stdout}\n${e.stderr}`;
      throw e;
    }
    assert.fail(`docker push ${target} succeeded`);
  };
  const pull = async (target: string) => {
    await docker(['rmi', '-f', target]).catch(() => undefined);
    return digestAfter('Digest', (await docker(['pull', target])).stdout);
  };
  const owner = { Authorization: `Basic ${Buffer.from(`keeper:${PASSWORD}`).toString('base64')}` };

  before(async () => {
    work = makeTempDir('e2e-immutability');
    const [s, d, a, b] = await Promise.allSettled([
      startHarborSuite(),
      startDockerd(),
      buildTestImage(`${work}/a`, { tag: '1.0', dockerArchive: 'harbor-test/imm-a', labels: { build: 'a' } }),
      buildTestImage(`${work}/b`, { tag: '1.0', dockerArchive: 'harbor-test/imm-b', labels: { build: 'b' } }),
    ]);
    if (s.status === 'fulfilled') suite = s.value;
    if (d.status === 'fulfilled') dockerd = d.value;
    for (const r of [s, d, a, b]) if (r.status === 'rejected') throw r.reason;
    imageA = (a as PromiseFulfilledResult<TestImage>).value;
    imageB = (b as PromiseFulfilledResult<TestImage>).value;
    api = new HarborApi(suite.url);
    await docker(['load', '-i', imageA.dockerArchive!]);
    await docker(['load', '-i', imageB.dockerArchive!]);
    await api.createProject('locked');
    await api.createUser('keeper', PASSWORD);
    await api.addMember('locked', 'keeper', 1);
    const { stdout } = await docker(['login', '-u', 'keeper', '--password-stdin', suite.host], PASSWORD);
    assert.match(stdout, /Login Succeeded/);
  });
  after(async () => {
    await dockerd?.stop();
    await suite?.stop();
    if (work) removeDir(work);
  });

  let pushedA: string;

  test('the project admin adds a rule: release tags of every repository are immutable', STEP, async () => {
    const created = await fetch(`${suite.url}/api/v2.0/projects/locked/immutabletagrules`, {
      method: 'POST',
      headers: { ...owner, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        disabled: false, action: 'immutable', template: 'immutable_template',
        tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '1.*' }],
        scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
      }),
    });
    assert.equal(created.status, 201, await created.text());
    ruleId = Number(/\/(\d+)$/.exec(created.headers.get('location') ?? '')?.[1]);
    const listed = await api.call('GET', '/projects/locked/immutabletagrules', owner);
    assert.deepEqual((listed.json as Array<{ id: number }>).map((r) => r.id), [ruleId]);
  });

  test('the first push of a protected tag succeeds; pushing over it fails, the same image included', STEP, async () => {
    pushedA = await push(imageA, ref('locked/app', '1.0'));
    const other = await pushFails(imageB, ref('locked/app', '1.0'));
    assert.match(other, /Failed to process request due to 'app:1\.0' configured as immutable/, other);
    const same = await pushFails(imageA, ref('locked/app', '1.0'));
    assert.match(same, /configured as immutable/, same);
    assert.equal(await pull(ref('locked/app', '1.0')), pushedA, 'the tag still names the first image');
  });

  test('tags outside the rule move freely', STEP, async () => {
    await push(imageA, ref('locked/app', 'dev'));
    const moved = await push(imageB, ref('locked/app', 'dev'));
    assert.equal(await pull(ref('locked/app', 'dev')), moved);
  });

  test('the API refuses to delete the protected tag and its artifact', STEP, async () => {
    const path = `/projects/locked/repositories/app/artifacts/${pushedA}`;
    const artifact = await api.call('DELETE', path, owner);
    assert.equal(artifact.status, 412);
    assert.deepEqual(artifact.json, { errors: [{ code: 'PRECONDITION', message: 'the tag 1.0 configured as immutable, cannot be deleted' }] });
    assert.equal((await api.call('DELETE', `${path}/tags/1.0`, owner)).status, 412);
    const shown = await api.call('GET', `${path}?with_immutable_status=true`, owner);
    assert.deepEqual((shown.json as { tags: Array<{ name: string; immutable: boolean }> }).tags.map((t) => [t.name, t.immutable]), [['1.0', true]]);
  });

  test('once the rule is disabled, the tag can be pushed over', STEP, async () => {
    const put = await api.call('PUT', `/projects/locked/immutabletagrules/${ruleId}`, owner, {
      id: ruleId, disabled: true, action: 'immutable', template: 'immutable_template',
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '1.*' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    });
    assert.equal(put.status, 200);
    // the registry caches a project's rules for a few seconds
    const deadline = Date.now() + 30_000;
    let moved: string | undefined;
    while (!moved) {
      try {
        moved = await push(imageB, ref('locked/app', '1.0'));
      } catch (e) {
        if (!(e instanceof CommandError) || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    assert.notEqual(moved, pushedA);
    assert.equal(await pull(ref('locked/app', '1.0')), moved);
  });
});

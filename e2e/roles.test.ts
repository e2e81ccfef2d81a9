// Harbor's project roles through the whole stack with the real docker engine: the admin sets up a private
// project and its people through /api/v2.0 (via the proxy), then docker logs in through the proxy as each
// of them. A developer pushes and pulls; a guest pulls but may not push; a non-member may do neither;
// anonymous callers pull from the public `library` only; a project robot pushes until it is disabled or
// expires. One suite, one engine, one image loaded once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestImage, CommandError, makeTempDir, removeDir, startDockerd, startHarborSuite, type Dockerd, type HarborSuite, type TestImage } from '@harbor/testkit';
import { HarborApi, type Robot } from './harbor-api.js';

const PASSWORD = 'Passw0rd!';
const STEP = { timeout: 180_000 };

describe('project roles with docker through the proxy', () => {
  let suite: HarborSuite;
  let dockerd: Dockerd;
  let image: TestImage;
  let api: HarborApi;
  let work: string;

  const ref = (repo: string, tag = '1.0') => `${suite.host}/${repo}:${tag}`;
  const docker = (args: string[], input?: string) => dockerd.docker(args, { input, timeoutMs: 120_000 });
  /** docker's combined output of a command that must fail. */
  const fails = async (args: string[], input?: string): Promise<string> => {
    try {
      await docker(args, input);
    } catch (e) {
      if (e instanceof CommandError) return `${e.stdout}\n${e.stderr}`;
      throw e;
    }
    assert.fail(`docker ${args.join(' ')} succeeded`);
  };
  const login = async (user: string, password: string) => {
    const { stdout } = await docker(['login', '-u', user, '--password-stdin', suite.host], password);
    assert.match(stdout, /Login Succeeded/);
  };
  const loginFails = (user: string, password: string) => fails(['login', '-u', user, '--password-stdin', suite.host], password);
  const digestAfter = (label: string, output: string) => {
    const m = new RegExp(`${label}:? (sha256:[0-9a-f]{64})`).exec(output);
    assert.ok(m, output);
    return m[1];
  };
  /** Tags the loaded test image as `target` and pushes it; the pushed manifest digest. */
  const push = async (target: string) => {
    await docker(['tag', image.dockerRef!, target]);
    return digestAfter('digest', (await docker(['push', target])).stdout);
  };
  /** Pulls `target` afresh (any local copy removed first); the pulled digest. */
  const pull = async (target: string) => {
    await docker(['rmi', '-f', target]).catch(() => undefined);
    return digestAfter('Digest', (await docker(['pull', target])).stdout);
  };
  const pushFails = async (target: string) => {
    await docker(['tag', image.dockerRef!, target]);
    return fails(['push', target]);
  };
  const pullFails = async (target: string) => {
    await docker(['rmi', '-f', target]).catch(() => undefined);
    return fails(['pull', target]);
  };

  before(async () => {
    work = makeTempDir('e2e-roles');
    // Settled one by one, so whatever did start is still stopped in `after` when another part fails.
    const [s, d, i] = await Promise.allSettled([startHarborSuite(), startDockerd(), buildTestImage(work, { tag: '1.0', dockerArchive: true })]);
    if (s.status === 'fulfilled') suite = s.value;
    if (d.status === 'fulfilled') dockerd = d.value;
    for (const r of [s, d, i]) if (r.status === 'rejected') throw r.reason;
    image = (i as PromiseFulfilledResult<TestImage>).value;
    api = new HarborApi(suite.url);
    await docker(['load', '-i', image.dockerArchive!]);
    await api.createProject('team');
    for (const user of ['dev1', 'guest1', 'stranger']) await api.createUser(user, PASSWORD);
    await api.addMember('team', 'dev1', 2);
    await api.addMember('team', 'guest1', 3);
  });
  after(async () => {
    await dockerd?.stop();
    await suite?.stop();
    if (work) removeDir(work);
  });

  let pushed: string;

  test('a developer logs in, pushes and pulls', STEP, async () => {
    await login('dev1', PASSWORD);
    pushed = await push(ref('team/app'));
    assert.equal(await pull(ref('team/app')), pushed);
  });

  test('a guest pulls, and its push is denied', STEP, async () => {
    await login('guest1', PASSWORD);
    assert.equal(await pull(ref('team/app')), pushed);
    // the token grants pull only, so the registry's first push request is answered with insufficient_scope
    const out = await pushFails(ref('team/app', 'guest'));
    assert.match(out, /unauthorized: authentication required/, out);
  });

  test('a non-member can neither pull nor push', STEP, async () => {
    await login('stranger', PASSWORD);
    const pullOut = await pullFails(ref('team/app'));
    assert.match(pullOut, /pull access denied for 127\.0\.0\.1:\d+\/team\/app/, pullOut);
    // a token granting nothing at all: docker says denied, as against Harbor or Docker Hub
    const pushOut = await pushFails(ref('team/app', 'stranger'));
    assert.match(pushOut, /denied: requested access to the resource is denied/, pushOut);
  });

  test('anonymous callers pull from the public library, not from the private project', STEP, async () => {
    await login('admin', 'Harbor12345');
    const libraryDigest = await push(ref('library/busybox'));
    const { stdout } = await docker(['logout', suite.host]);
    assert.match(stdout, /Removing login credentials/);
    assert.equal(await pull(ref('library/busybox')), libraryDigest);
    const out = await pullFails(ref('team/app'));
    assert.match(out, /pull access denied for 127\.0\.0\.1:\d+\/team\/app/, out);
    // layers may be checked (pull is public) but nothing is written
    const pushOut = await pushFails(ref('library/busybox', 'anon'));
    assert.match(pushOut, /denied: requested access to the resource is denied/, pushOut);
  });

  test('a project robot logs in and pushes; disabled or expired, it is refused', STEP, async () => {
    const robot: Robot = await api.createRobot('team', 'ci');
    assert.equal(robot.name, 'robot$team+ci');
    await login(robot.name, robot.secret);
    const digest = await push(ref('team/robot'));
    assert.equal(await pull(ref('team/robot')), digest);

    await api.setRobotDisabled(robot.id, true);
    const disabled = await loginFails(robot.name, robot.secret);
    assert.match(disabled, /Error response from daemon: Get "http:\/\/127\.0\.0\.1:\d+\/v2\/": unauthorized: invalid username or password/, disabled);
    // docker still holds the robot's credentials from the earlier login: they are refused all the same
    // docker kept the robot's refresh token from the earlier login: the token service refuses it now
    assert.match(await pushFails(ref('team/robot')), /unauthorized: invalid refresh token/);
    assert.match(await pullFails(ref('team/robot')), /unauthorized: invalid refresh token/);

    await api.setRobotDisabled(robot.id, false);
    await login(robot.name, robot.secret);
    await suite.sql('UPDATE robot SET expires_at = $1 WHERE id = $2', [Math.floor(Date.now() / 1000) - 60, robot.id]);
    const expired = await loginFails(robot.name, robot.secret);
    assert.match(expired, /unauthorized: invalid username or password/, expired);
    assert.match(await pushFails(ref('team/robot')), /unauthorized: invalid refresh token/);
  });
});

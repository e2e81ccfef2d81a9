// The web console in a real browser (Debian's Chromium through playwright-core) against the whole suite as
// `npm start` runs it, with the real docker engine pushing through the proxy. The admin signs in, creates a
// private project, adds a member, pushes, finds the image with its tag and size, copies its pull command,
// deletes a tag, creates a robot account and signs out; a guest member sees the project without delete or
// member-edit controls; an anonymous visitor sees only public projects. Every test leaves a screenshot in
// e2e/artifacts/console/.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { formatBytes, HarborClient } from '@harbor/client';
import {
  buildTestImage, launchChromium, makeTempDir, removeDir, startDockerd, startHarborSuite,
  type Dockerd, type HarborSuite, type LaunchedChromium, type TestImage,
} from '@harbor/testkit';

const SHOTS = fileURLToPath(new URL('./artifacts/console/', import.meta.url));
const STEP = { timeout: 180_000 };
const PASSWORD = 'Passw0rd!';
const PROJECT = 'webteam';

describe('the web console in Chromium', () => {
  let suite: HarborSuite;
  let dockerd: Dockerd;
  let chromium: LaunchedChromium;
  let image: TestImage;
  let work: string;
  let admin: HarborClient;
  const contexts: BrowserContext[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = makeTempDir('e2e-console');
    const started = await Promise.allSettled([startHarborSuite(), startDockerd(), buildTestImage(work, { tag: '1.28.4', dockerArchive: true }), launchChromium()]);
    if (started[0].status === 'fulfilled') suite = started[0].value;
    if (started[1].status === 'fulfilled') dockerd = started[1].value;
    if (started[3].status === 'fulfilled') chromium = started[3].value;
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    image = (started[2] as PromiseFulfilledResult<TestImage>).value;
    await dockerd.docker(['load', '-i', image.dockerArchive!]);
    admin = new HarborClient({ baseUrl: suite.url, basic: { username: 'admin', password: 'Harbor12345' } });
    for (const username of ['dev1', 'guest1']) {
      await admin.createUser({ username, password: PASSWORD, email: `${username}@example.com`, realname: username });
    }
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await chromium?.close();
    await dockerd?.stop();
    await suite?.stop();
    if (work) removeDir(work);
  });

  async function newPage(opts: { width?: number; height?: number } = {}): Promise<Page> {
    const context = await chromium.browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 }, baseURL: suite.url });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.url });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  const shot = (page: Page, t: TestContext) =>
    page.screenshot({ path: join(SHOTS, `${t.name.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`), fullPage: true });

  async function signIn(page: Page, user: string, password: string): Promise<void> {
    await page.goto('/account/sign-in');
    await page.getByLabel('Username or email').fill(user);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('table', { name: 'Projects' }).waitFor();
  }

  async function dockerPush(tag: string): Promise<string> {
    await dockerd.docker(['login', '-u', 'admin', '--password-stdin', suite.host], { input: 'Harbor12345' });
    const target = `${suite.host}/${PROJECT}/busybox:${tag}`;
    await dockerd.docker(['tag', image.dockerRef!, target]);
    const { stdout } = await dockerd.docker(['push', target], { timeoutMs: 120_000 });
    const m = /digest: (sha256:[0-9a-f]{64})/.exec(stdout);
    assert.ok(m, stdout);
    return m[1];
  }

  test('the admin signs in, creates a private project, adds a member, finds a pushed image, copies its pull command, deletes a tag, creates a robot and signs out', STEP, async (t) => {
    const page = await newPage();
    try {
      await signIn(page, 'admin', 'Harbor12345');

      // a private project
      await page.getByRole('button', { name: 'New Project' }).click();
      await page.getByLabel('Project Name').fill(PROJECT);
      await page.getByRole('button', { name: 'OK' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: PROJECT, exact: true }) });
      await row.waitFor();
      assert.match(await row.innerText(), /Private/);
      const project = await admin.project(PROJECT);
      assert.equal(project.metadata?.public, 'false');

      // a member
      await row.getByRole('link', { name: PROJECT, exact: true }).click();
      await page.getByRole('link', { name: 'Members' }).click();
      await page.getByRole('button', { name: 'New Member' }).click();
      await page.getByLabel('Username').fill('dev1');
      await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Developer' });
      await page.getByRole('button', { name: 'OK' }).click();
      await page.getByRole('table', { name: 'Members' }).getByRole('row').filter({ hasText: 'dev1' }).waitFor();
      const members = await admin.members(PROJECT);
      assert.deepEqual(members.items.filter((m) => m.entity_name === 'dev1').map((m) => m.role_id), [2]);

      // a real client pushes; the console shows the repository, the tag and the size
      const digest = await dockerPush('1.28.4');
      await dockerPush('extra');
      await page.getByRole('link', { name: 'Repositories' }).click();
      await page.getByRole('table', { name: 'Repositories' }).getByRole('link', { name: 'busybox' }).click();
      const artifacts = page.getByRole('table', { name: 'Artifacts' });
      const artifactRow = artifacts.getByRole('row').filter({ hasText: '1.28.4' });
      await artifactRow.waitFor();
      const artifact = await admin.artifact(PROJECT, 'busybox', digest);
      const size = formatBytes(artifact.size);
      assert.match(await artifactRow.innerText(), new RegExp(size.replace('.', '\\.')), `size ${size} in the row`);

      // copy the pull command
      await artifactRow.getByRole('button', { name: 'Copy pull command' }).click();
      const copied = await page.evaluate<string>('navigator.clipboard.readText()');
      assert.match(copied, new RegExp(`^docker pull ${escape(suite.host)}/${PROJECT}/busybox(:1\\.28\\.4|:extra|@${digest})$`));

      // delete a tag on the artifact page
      await artifactRow.getByRole('link').first().click();
      await page.getByRole('button', { name: 'Delete tag extra' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('button', { name: 'Delete tag extra' }).waitFor({ state: 'detached' });
      const tags = (await admin.tags(PROJECT, 'busybox', digest)).items.map((x) => x.name);
      assert.deepEqual(tags, ['1.28.4']);

      // the manifest as the registry stores it
      await page.getByText('"schemaVersion": 2').first().waitFor();

      // a robot account, its secret shown once and working; its expiry starts at the system's
      // robot_token_duration, as Harbor's console fills it in
      await admin.updateConfigurations({ robot_token_duration: 45 });
      await page.goto(`/harbor/projects/${project.project_id}/robot-account`);
      await page.getByRole('button', { name: 'New Robot Account' }).click();
      await page.getByLabel('Name', { exact: true }).fill('ci');
      await page.waitForFunction("document.getElementById('robot-duration')?.value === '45'");
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const secret = (await page.getByTestId('robot-secret').innerText()).trim();
      assert.ok(secret.length >= 8, `secret "${secret}"`);
      const robotName = `robot$${PROJECT}+ci`;
      const token = await fetch(`${suite.url}/service/token?service=harbor-registry&scope=repository:${PROJECT}/busybox:pull,push`, {
        headers: { Authorization: `Basic ${Buffer.from(`${robotName}:${secret}`).toString('base64')}` },
      });
      assert.equal(token.status, 200);
      const created = (await admin.robots({ q: `Level=project,ProjectID=${project.project_id}` })).items.filter((r) => r.name === robotName);
      assert.deepEqual(created.map((r) => r.duration), [45]);
      await shot(page, t);

      // sign out
      await page.keyboard.press('Escape');
      await page.getByLabel('User menu for admin').click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Log in' }).waitFor();
      const me = await page.evaluate<number>("fetch('/api/v2.0/users/current').then((r) => r.status)");
      assert.equal(me, 401);
    } catch (e) {
      await shot(page, t).catch(() => undefined);
      throw e;
    }
  });

  test('a guest member sees the project and its artifacts but no delete or member-edit controls', STEP, async (t) => {
    await admin.addMember(PROJECT, 'guest1', 3);
    const page = await newPage();
    try {
      await signIn(page, 'guest1', PASSWORD);
      await page.getByRole('link', { name: PROJECT, exact: true }).click();
      const repos = page.getByRole('table', { name: 'Repositories' });
      await repos.getByRole('link', { name: 'busybox' }).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Delete repository/ }).count(), 0);
      const membersTab = page.getByRole('link', { name: 'Members' });
      if (await membersTab.count()) {
        await membersTab.click();
        await page.getByRole('table', { name: 'Members' }).getByRole('row').filter({ hasText: 'dev1' }).waitFor();
        assert.equal(await page.getByRole('button', { name: 'New Member' }).count(), 0);
        assert.equal(await page.getByRole('button', { name: /^Remove member/ }).count(), 0);
        assert.equal(await page.getByRole('combobox', { name: /^Role of/ }).count(), 0);
        await page.getByRole('link', { name: 'Repositories' }).click();
      }
      await repos.getByRole('link', { name: 'busybox' }).click();
      const artifacts = page.getByRole('table', { name: 'Artifacts' });
      await artifacts.getByRole('row').filter({ hasText: '1.28.4' }).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Delete artifact/ }).count(), 0);
      await artifacts.getByRole('row').filter({ hasText: '1.28.4' }).getByRole('link').first().click();
      await page.getByRole('table', { name: 'Tags' }).getByRole('row').filter({ hasText: '1.28.4' }).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Delete tag/ }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Add Tag' }).count(), 0);
      await shot(page, t);
    } catch (e) {
      await shot(page, t).catch(() => undefined);
      throw e;
    }
  });

  test('an anonymous visitor sees only public projects, and nothing to create', STEP, async (t) => {
    const page = await newPage();
    try {
      await page.goto('/');
      const table = page.getByRole('table', { name: 'Projects' });
      await table.getByRole('link', { name: 'library', exact: true }).waitFor();
      assert.equal(await table.getByRole('link', { name: PROJECT, exact: true }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'New Project' }).count(), 0);
      await page.getByRole('link', { name: 'Sign in' }).waitFor();
      await shot(page, t);
    } catch (e) {
      await shot(page, t).catch(() => undefined);
      throw e;
    }
  });

  test('a user generates a CLI secret on the profile page (it logs docker clients in) and changes the password', STEP, async (t) => {
    const page = await newPage();
    try {
      await signIn(page, 'dev1', PASSWORD);
      await page.getByLabel('User menu for dev1').click();
      await page.getByRole('link', { name: 'User profile' }).click();
      await page.getByRole('button', { name: 'Generate new secret' }).click();
      const secret = (await page.getByTestId('cli-secret').locator('code').first().innerText()).trim();
      assert.match(secret, /^[A-Za-z0-9]{32}$/);
      const token = (user: string, password: string) => fetch(`${suite.url}/service/token?service=harbor-registry&scope=repository:${PROJECT}/busybox:pull`, {
        headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      });
      assert.equal((await token('dev1', secret)).status, 200);
      await shot(page, t);

      await page.getByLabel('User menu for dev1').click();
      await page.getByRole('link', { name: 'Change password' }).click();
      await page.getByLabel('Current password').fill('Wrong-Passw0rd');
      await page.getByLabel('New password', { exact: true }).fill('N3w-Passw0rd!');
      await page.getByLabel('Confirm new password').fill('N3w-Passw0rd!');
      await page.getByRole('button', { name: 'OK' }).click();
      await page.getByText('The current password is wrong.').waitFor();
      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByRole('button', { name: 'OK' }).click();
      await page.getByRole('status').filter({ hasText: /changed/i }).waitFor();
      assert.equal((await token('dev1', 'N3w-Passw0rd!')).status, 200);
      assert.equal((await token('dev1', PASSWORD)).status, 401);
      await admin.changePassword((await admin.searchUsers('dev1')).items[0].user_id, PASSWORD);
    } catch (e) {
      await shot(page, t).catch(() => undefined);
      throw e;
    }
  });

  test('a narrow window in the dark theme: the menu folds away and opens, the choice survives a reload', STEP, async (t) => {
    const page = await newPage({ width: 400, height: 800 });
    try {
      await signIn(page, 'dev1', PASSWORD);
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      assert.equal(await page.evaluate<string>('document.documentElement.dataset.theme'), 'dark');
      await page.reload();
      await page.getByRole('table', { name: 'Projects' }).waitFor();
      assert.equal(await page.evaluate<string>('document.documentElement.dataset.theme'), 'dark');
      const nav = page.getByRole('navigation', { name: 'Main' });
      assert.equal(await nav.isVisible(), false);
      await page.getByRole('button', { name: 'Menu' }).click();
      assert.equal(await nav.isVisible(), true);
      // no horizontal scrolling of the page itself at this width
      assert.ok(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1'));
      await shot(page, t);
    } catch (e) {
      await shot(page, t).catch(() => undefined);
      throw e;
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Registry events end to end: the whole suite as the README starts it; skopeo pushes and pulls through the
// proxy as admin; the registry publishes to Redis, core consumes the stream, and the push and the pull
// show in the audit log (GET /api/v2.0/audit-logs) and in the project's log, with who and from where.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildTestImage, makeTempDir, removeDir, skopeoCopy, startHarborSuite, type HarborSuite, type TestImage } from '@harbor/testkit';

const ADMIN = { Authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}` };
const CREDS = 'admin:Harbor12345';

interface Log { username: string; operation: string; resource_type: string; resource: string; op_time: string }

describe('push and pull events reach the audit log', () => {
  let suite: HarborSuite | undefined;
  let work: string | undefined;
  let image: TestImage;
  before(async () => {
    work = makeTempDir('e2e-events');
    [suite, image] = await Promise.all([startHarborSuite(), buildTestImage(work, { tag: '1.0' })]);
  });
  after(async () => {
    await suite?.stop();
    if (work) removeDir(work);
  });

  const logs = async (path: string): Promise<Log[]> => {
    const res = await fetch(`${suite!.url}/api/v2.0${path}`, { headers: ADMIN });
    assert.equal(res.status, 200, path);
    return (await res.json()) as Log[];
  };
  const until = async (what: string, fn: () => Promise<boolean>) => {
    const deadline = Date.now() + 30_000;
    while (!(await fn())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  test('skopeo push and pull as admin are logged as push and pull of library/events:1.0', { timeout: 120_000 }, async () => {
    const ref = `docker://${suite!.host}/library/events:1.0`;
    const pushed = await skopeoCopy(image.ociRef, ref, { destCreds: CREDS });
    assert.equal(pushed, image.manifestDigest);
    const pulled = await skopeoCopy(ref, `oci:${join(work!, 'pulled')}:1.0`, { srcCreds: CREDS });
    assert.equal(pulled, image.manifestDigest);

    const wanted = (l: Log) => l.resource === 'library/events:1.0' && l.resource_type === 'artifact' && l.username === 'admin';
    await until('push and pull in the audit log', async () => {
      const ops = (await logs('/audit-logs?page_size=100')).filter(wanted).map((l) => l.operation);
      return ops.includes('push') && ops.includes('pull');
    });
    const all = (await logs('/audit-logs?page_size=100')).filter(wanted);
    assert.equal(all.filter((l) => l.operation === 'push').length, 1, 'one push');
    assert.ok(all.every((l) => Math.abs(Date.parse(l.op_time) - Date.now()) < 120_000));

    const project = (await logs('/projects/library/logs?page_size=100')).filter(wanted).map((l) => l.operation);
    assert.ok(project.includes('push') && project.includes('pull'), `project log: ${project.join(', ')}`);
    const filtered = await logs(`/audit-logs?q=${encodeURIComponent('operation=pull,resource=~library/events')}`);
    assert.ok(filtered.length >= 1 && filtered.every((l) => l.operation === 'pull'));
  });
});

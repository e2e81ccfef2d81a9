import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatTime, pullCommand, pullKind, quotaUse, relativeTime, repoShortName, roleName, shortDigest } from './format.js';

test('sizes read as people read them', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.50 KiB');
  assert.equal(formatBytes(1_379_000), '1.32 MiB');
  assert.equal(formatBytes(200 * 1024 ** 2), '200 MiB');
  assert.equal(formatBytes(15.5 * 1024 ** 3), '15.5 GiB');
  assert.equal(formatBytes(-1), '∞');
  assert.equal(formatBytes(undefined), '–');
});

test('times: absent and Harbor zero times read as a dash; relative times in words', () => {
  assert.equal(formatTime(undefined), '–');
  assert.equal(formatTime('0001-01-01T00:00:00Z'), '–');
  assert.match(formatTime('2026-11-28T18:13:06Z', 'en-US'), /Nov 28, 2026/);
  const now = new Date('2026-11-28T12:00:00Z');
  assert.equal(relativeTime('2026-11-28T11:57:00Z', now, 'en'), '3 minutes ago');
  assert.equal(relativeTime('2026-11-26T12:00:00Z', now, 'en'), '2 days ago');
  assert.equal(relativeTime('2026-11-28T11:59:50Z', now, 'en'), 'just now');
  assert.equal(relativeTime(null, now), '–');
});

test('digests are shortened as docker shows image ids', () => {
  assert.equal(shortDigest('sha256:0123456789abcdef0123'), 'sha256:0123456789ab');
  assert.equal(shortDigest('0123456789abcdef'), '0123456789ab');
});

test('pull commands per artifact kind, by tag or by digest', () => {
  const d = 'sha256:' + 'a'.repeat(64);
  assert.equal(pullCommand('reg.example:8080', 'library/busybox', { tag: '1.28.4', digest: d }), 'docker pull reg.example:8080/library/busybox:1.28.4');
  assert.equal(pullCommand('reg', 'p/r', { digest: d }), `docker pull reg/p/r@${d}`);
  assert.equal(pullCommand('reg', 'p/chart', { tag: '0.1.0', digest: d }, 'chart'), 'helm pull oci://reg/p/chart --version 0.1.0');
  assert.equal(pullCommand('reg', 'p/x', { tag: 'v1', digest: d }, 'other'), 'oras pull reg/p/x:v1');
  assert.equal(pullKind('IMAGE'), 'image');
  assert.equal(pullKind('CHART'), 'chart');
  assert.equal(pullKind('CNAB'), 'other');
});

test('roles, repository names within a project, and quota use', () => {
  assert.equal(roleName(1), 'Project Admin');
  assert.equal(roleName(5), 'Limited Guest');
  assert.equal(roleName(undefined), '–');
  assert.equal(repoShortName('library', 'library/busybox'), 'busybox');
  assert.equal(repoShortName('p', 'p/a/b'), 'a/b');
  assert.deepEqual(quotaUse(512, -1), { fraction: null, label: '512 B of unlimited' });
  assert.deepEqual(quotaUse(512, 1024), { fraction: 0.5, label: '512 B of 1.00 KiB' });
  assert.equal(quotaUse(2048, 1024).fraction, 1);
});

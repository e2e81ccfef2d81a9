import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCopySource } from './artifact-copy.service.js';

test('copy source: project/repository with a tag or a digest (the digest wins)', () => {
  const d = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(parseCopySource('library/busybox:1.0'), { project: 'library', repository: 'busybox', reference: '1.0' });
  assert.deepEqual(parseCopySource(`p/a/b@${d}`), { project: 'p', repository: 'a/b', reference: d });
  assert.deepEqual(parseCopySource(`p/a:t@${d}`), { project: 'p', repository: 'a', reference: d });
  for (const bad of ['busybox:1', 'p/a', 'p/a@sha256:1', 'P/a:1', 'p/a:', 'p/a:-x', 'p//a:1', '', `p/a@${d}x`]) {
    assert.throws(() => parseCopySource(bad), /invalid input/, bad);
  }
});

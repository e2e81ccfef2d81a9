import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isArtifactEvent, isQuotaEvent, RegistryEventSchema } from './events.js';

const base = { id: 'e1', time: '2026-01-02T03:04:05.000Z', repository: 'team/app', operator: 'alice' };

test('the stream carries artifact and quota events, told apart by their action', () => {
  const push = RegistryEventSchema.parse({ ...base, action: 'push', digest: 'sha256:ab', media_type: 'm', size: 1, client_ip: '::1' });
  const exceed = RegistryEventSchema.parse({
    ...base, action: 'quota_exceed', project_id: 3, project_name: 'team', used: 10, hard: 12, adding: 5, message: 'over',
  });
  assert.deepEqual([isArtifactEvent(push), isQuotaEvent(push), isArtifactEvent(exceed), isQuotaEvent(exceed)], [true, false, false, true]);
  assert.equal(RegistryEventSchema.safeParse({ ...base, action: 'quota_warning', used: 1, hard: 2, adding: 1, message: '' }).success, false,
    'a quota event names its project');
  assert.equal(RegistryEventSchema.safeParse({ ...base, action: 'push', project_id: 3, project_name: 'team', used: 1, hard: 2, adding: 1, message: '' }).success,
    false, 'a push names its manifest');
  assert.equal(RegistryEventSchema.safeParse({ ...base, action: 'quota_full', digest: 'sha256:ab' }).success, false);
});

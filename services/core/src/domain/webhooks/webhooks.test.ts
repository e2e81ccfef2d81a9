// Webhook payloads as receivers see them (Default, CloudEvents, Slack), how a batch of registry events
// becomes notifications (pulls batched per repository and caller), and the policy rules of the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WebhookCloudEventSchema, WebhookPayloadSchema, type ArtifactEvent, type QuotaEvent, type RegistryEvent,
} from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';
import { renderCloudEvent, renderDefault, renderFor, renderSlack } from './formats.js';
import { buildPayload, externalHost, imageName, resourceUrl, type HookEvent } from './payload.js';
import { pendingHooks, quotaWebhookType, webhookEventType } from './webhook-notifier.js';
import { checkPolicy, parseEndpoint } from './webhook-policy.service.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const OTHER = `sha256:${'e'.repeat(64)}`;
const T = new Date('2023-03-06T06:08:43.512Z');

const hook = (over: Partial<HookEvent> = {}): HookEvent => ({
  eventType: 'PUSH_ARTIFACT', occurAt: T, operator: 'admin', requestId: 'req-1', projectName: 'library', projectPublic: true,
  repository: 'library/busybox', repositoryCreated: new Date('2023-02-22T08:06:05Z'), resources: [{ digest: DIGEST, tag: 'latest' }], ...over,
});

let seq = 0;
const artifactEvent = (over: Partial<ArtifactEvent> & Pick<ArtifactEvent, 'action'>): RegistryEvent => ({
  id: `e${++seq}`, time: T.toISOString(), repository: 'library/busybox', digest: DIGEST, media_type: 'application/vnd.oci.image.manifest.v1+json',
  size: 10, operator: 'admin', client_ip: '10.0.0.1', ...over,
} as ArtifactEvent);

test('the Default payload has Harbor\'s fields, order and optional parts', () => {
  const payload = buildPayload(hook(), 'harbor.dev');
  assert.equal(JSON.stringify(payload), JSON.stringify({
    type: 'PUSH_ARTIFACT',
    occur_at: 1678082923,
    operator: 'admin',
    event_data: {
      resources: [{ digest: DIGEST, tag: 'latest', resource_url: 'harbor.dev/library/busybox:latest' }],
      repository: { date_created: 1677053165, name: 'busybox', namespace: 'library', repo_full_name: 'library/busybox', repo_type: 'public' },
    },
  }));
  WebhookPayloadSchema.parse(payload);
  // By digest: the digest stands in for the tag and the URL uses `@`; a deleted repository has no date.
  const byDigest = buildPayload(hook({ eventType: 'DELETE_ARTIFACT', resources: [{ digest: DIGEST }], repositoryCreated: undefined, projectPublic: false }), 'harbor.dev');
  assert.deepEqual(byDigest.event_data?.resources, [{ digest: DIGEST, tag: DIGEST, resource_url: `harbor.dev/library/busybox@${DIGEST}` }]);
  assert.deepEqual(byDigest.event_data?.repository, { name: 'busybox', namespace: 'library', repo_full_name: 'library/busybox', repo_type: 'private' });
});

test('quota payloads carry Harbor\'s wording under custom_attributes and no pull reference', () => {
  const payload = buildPayload(hook({ eventType: 'QUOTA_EXCEED', resources: [{ digest: DIGEST }], details: 'Quota exceeded when processing the request' }), 'h');
  assert.deepEqual(payload.event_data?.resources, [{ digest: DIGEST, tag: '' }]);
  assert.deepEqual(payload.event_data?.custom_attributes, { Details: 'Quota exceeded when processing the request' });
});

test('names and hosts: nested repositories, external URLs with ports', () => {
  assert.equal(imageName('library/busybox'), 'busybox');
  assert.equal(imageName('team/tools/builder'), 'tools/builder');
  assert.equal(externalHost('https://harbor.example.com:8443/'), 'harbor.example.com:8443');
  assert.equal(resourceUrl('h:1', 'p/r', 'v1'), 'h:1/p/r:v1');
  assert.equal(resourceUrl('h:1', 'p/r', DIGEST), `h:1/p/r@${DIGEST}`);
});

test('Default and CloudEvents bodies with their content types', () => {
  const payload = buildPayload(hook({ eventType: 'PULL_ARTIFACT' }), 'harbor.dev');
  const plain = renderDefault(payload);
  assert.deepEqual(plain.headers, { 'Content-Type': 'application/json' });
  assert.deepEqual(JSON.parse(plain.body), payload);
  const ce = renderCloudEvent(payload, { projectId: 1, policyId: 3, requestId: 'req-1', id: 'fixed-id' });
  assert.deepEqual(ce.headers, { 'Content-Type': 'application/cloudevents+json' });
  const doc = WebhookCloudEventSchema.parse(JSON.parse(ce.body));
  assert.deepEqual(doc, {
    specversion: '1.0', id: 'fixed-id', requestid: 'req-1', source: '/projects/1/webhook/policies/3', type: 'harbor.artifact.pulled',
    datacontenttype: 'application/json', time: '2023-03-06T06:08:43Z', data: payload.event_data, operator: 'admin',
  });
  // Each CloudEvent gets its own id.
  const a = JSON.parse(renderCloudEvent(payload, { projectId: 1, policyId: 3, requestId: '' }).body) as { id: string };
  const b = JSON.parse(renderCloudEvent(payload, { projectId: 1, policyId: 3, requestId: '' }).body) as { id: string };
  assert.notEqual(a.id, b.id);
  for (const [type, ceType] of [['PUSH_ARTIFACT', 'harbor.artifact.pushed'], ['DELETE_ARTIFACT', 'harbor.artifact.deleted'],
    ['QUOTA_EXCEED', 'harbor.quota.exceeded'], ['QUOTA_WARNING', 'harbor.quota.warned']]) {
    const body = JSON.parse(renderCloudEvent({ ...payload, type }, { projectId: 1, policyId: 1, requestId: '' }).body) as { type: string };
    assert.equal(body.type, ceType);
  }
});

test('the Slack message: Harbor\'s sections, the event data as a code block, valid JSON', () => {
  const payload = buildPayload(hook(), 'harbor.dev');
  const slack = renderSlack(payload);
  assert.deepEqual(slack.headers, { 'Content-Type': 'application/json' });
  const msg = JSON.parse(slack.body) as { blocks: Array<{ type: string; text: { type: string; text: string } }> };
  assert.equal(msg.blocks.length, 6);
  assert.ok(msg.blocks.every((b) => b.type === 'section' && b.text.type === 'mrkdwn'));
  assert.equal(msg.blocks[0].text.text, '*Harbor webhook events*');
  assert.equal(msg.blocks[1].text.text, '*event_type:* PUSH_ARTIFACT');
  assert.match(msg.blocks[2].text.text, /^\*occur_at:\* <!date\^1678082923\^\{date\} at \{time\}\|2023-03-06T06:08:43\.000Z>$/);
  assert.equal(msg.blocks[3].text.text, '*operator:* admin');
  const code = msg.blocks[5].text.text;
  assert.ok(code.startsWith('```') && code.endsWith('```'));
  assert.deepEqual(JSON.parse(code.slice(3, -3)), payload.event_data);
  // The target decides the body: Slack whatever the format, CloudEvents only when an http target asks.
  assert.equal(renderFor({ type: 'slack' }, payload, { projectId: 1, policyId: 1, requestId: '' }).body, slack.body);
  assert.equal(renderFor({ type: 'http', payload_format: 'Default' }, payload, { projectId: 1, policyId: 1, requestId: '' }).body, JSON.stringify(payload));
  assert.match(renderFor({ type: 'http', payload_format: 'CloudEvents' }, payload, { projectId: 1, policyId: 1, requestId: '' }).body, /"specversion":"1.0"/);
});

test('event types: artifact actions, tag deletions notify nobody, quota actions', () => {
  assert.equal(webhookEventType(artifactEvent({ action: 'push', tag: 'v1' })), 'PUSH_ARTIFACT');
  assert.equal(webhookEventType(artifactEvent({ action: 'pull' })), 'PULL_ARTIFACT');
  assert.equal(webhookEventType(artifactEvent({ action: 'delete' })), 'DELETE_ARTIFACT');
  assert.equal(webhookEventType(artifactEvent({ action: 'delete', tag: 'v1' })), null);
  assert.equal(quotaWebhookType('quota_exceed'), 'QUOTA_EXCEED');
  assert.equal(quotaWebhookType('quota_warning'), 'QUOTA_WARNING');
  assert.equal(quotaWebhookType('push'), null);
});

test('a batch: one notification per push, pulls batched per repository and caller with distinct artifacts', () => {
  const later = new Date(T.getTime() + 5_000).toISOString();
  const hooks = pendingHooks([
    artifactEvent({ action: 'push', tag: 'v1', request_id: 'r1' }),
    artifactEvent({ action: 'pull', tag: 'v1' }),
    artifactEvent({ action: 'pull', tag: 'v1' }),
    artifactEvent({ action: 'pull', digest: OTHER, time: later }),
    artifactEvent({ action: 'pull', operator: 'bob' }),
    artifactEvent({ action: 'pull', repository: 'library/alpine' }),
    artifactEvent({ action: 'push', tag: 'v2' }),
    artifactEvent({ action: 'delete', tag: 'v2' }),
    artifactEvent({ action: 'pull', repository: 'other/app' }),
  ]);
  const summary = hooks.map((h) => `${h.eventType} ${h.projectName} ${h.repository} ${h.operator} ${h.resources.length}`);
  assert.deepEqual(summary, [
    'PUSH_ARTIFACT library library/busybox admin 1',
    'PULL_ARTIFACT library library/busybox admin 2',
    'PULL_ARTIFACT library library/busybox bob 1',
    'PULL_ARTIFACT library library/alpine admin 1',
    'PUSH_ARTIFACT library library/busybox admin 1',
    'PULL_ARTIFACT other other/app admin 1',
  ]);
  assert.equal(hooks[0].requestId, 'r1');
  assert.deepEqual(hooks[1].resources, [{ digest: DIGEST, tag: 'v1' }, { digest: OTHER, tag: undefined }]);
  assert.equal(hooks[1].occurAt.toISOString(), later);
  const quota: QuotaEvent = {
    id: 'q', action: 'quota_warning', time: T.toISOString(), repository: 'library/busybox', operator: 'admin', project_id: 1,
    project_name: 'library', digest: DIGEST, used: 90, hard: 100, adding: 10, message: 'quota usage reach 90%',
  };
  const [q] = pendingHooks([quota]);
  assert.equal(q.eventType, 'QUOTA_WARNING');
  assert.equal(q.details, 'quota usage reach 90%');
  assert.deepEqual(q.resources, [{ digest: DIGEST, tag: undefined }]);
});

const bad = (fn: () => unknown, status: number, message: RegExp) => {
  assert.throws(fn, (err: unknown) => err instanceof ApiError && err.status === status && message.test(err.message));
};

test('policy rules in Harbor\'s order, with Harbor\'s messages', () => {
  const target = { type: 'http', address: 'https://hooks.example.com/in' };
  bad(() => checkPolicy({ name: 'p', targets: [target] }), 400, /^empty event type$/);
  bad(() => checkPolicy({ name: 'p', event_types: ['PUSH_ARTIFACT', 'NOPE'], targets: [target] }), 400, /unsupported event type NOPE/);
  bad(() => checkPolicy({ name: 'p', event_types: ['PUSH_ARTIFACT'] }), 400, /empty notification target with policy p/);
  bad(() => checkPolicy({ name: 'p', event_types: ['PUSH_ARTIFACT'], targets: [{ type: 'email', address: 'x.example.com' }] }), 400, /unsupported target type email/);
  bad(() => checkPolicy({ name: 'p', event_types: ['PUSH_ARTIFACT'], targets: [{ type: 'http', address: 'ftp://x' }] }), 400, /invalid scheme: ftp/);
  bad(() => checkPolicy({ name: 'p', event_types: ['PUSH_ARTIFACT'], targets: [{ type: 'http' }] }), 400, /empty URL/);
  bad(() => checkPolicy({ name: 'p', event_types: ['PUSH_ARTIFACT'], targets: [{ type: 'slack', address: 'https://hooks.slack.com/x', payload_format: 'Default' }] }), 400, /not allowed for slack/);
  bad(() => checkPolicy({ name: 'p', event_types: ['PUSH_ARTIFACT'], targets: [{ ...target, payload_format: 'Xml' }] }), 400, /unsupported payload format type: Xml/);
  bad(() => checkPolicy({ name: 'p', event_types: ['PUSH_ARTIFACT'], targets: [{ ...target, auth_header: 'Bearer x\r\nX-Evil: 1' }] }), 400, /single line/);
  bad(() => checkPolicy({ name: 'n'.repeat(257), event_types: ['PUSH_ARTIFACT'], targets: [target] }), 400, /at most 256 bytes/);
  const ok = checkPolicy({
    name: 'p', event_types: ['PUSH_ARTIFACT', 'PUSH_ARTIFACT', 'TAG_RETENTION'],
    targets: [target, { type: 'slack', address: 'hooks.slack.com/services/T/B/X/', skip_cert_verify: true, auth_header: '' }],
  });
  assert.deepEqual(ok, {
    name: 'p', description: '', enabled: false, eventTypes: ['PUSH_ARTIFACT', 'TAG_RETENTION'],
    targets: [
      { type: 'http', address: 'https://hooks.example.com/in', skip_cert_verify: false, payload_format: 'Default' },
      { type: 'slack', address: 'http://hooks.slack.com/services/T/B/X', skip_cert_verify: true },
    ],
  });
  assert.equal(parseEndpoint('  https://a.example.com:8443/x?token=1 '), 'https://a.example.com:8443/x?token=1');
});

test('a finished retention run becomes one TAG_RETENTION notification with Harbor\'s retention block', () => {
  const event: RegistryEvent = {
    id: 'r1', time: T.toISOString(), operator: 'SCHEDULE', action: 'tag_retention', project_id: 3, project_name: 'tidy', policy_id: 7,
    execution_id: 11, total: 4, retained: 2, result: 'SUCCESS',
    deleted: [{ repository: 'tidy/app', digest: DIGEST, tags: ['v1'] }, { repository: 'tidy/team/app', digest: OTHER, tags: [] }],
  };
  assert.equal(webhookEventType(event), 'TAG_RETENTION');
  const [h] = pendingHooks([event]);
  assert.equal(h.projectName, 'tidy');
  const payload = buildPayload({ ...h, projectPublic: false }, 'harbor.dev');
  assert.deepEqual(payload, {
    type: 'TAG_RETENTION', occur_at: Math.floor(T.getTime() / 1000), operator: 'SCHEDULE',
    event_data: {
      retention: {
        total: 4, retained: 2, project_name: 'tidy', retention_policy_id: 7, result: 'SUCCESS', hostname: 'harbor.dev',
        deleted_artifact: [
          { type: 'image', status: 'SUCCESS', namespace: 'tidy', name_tag: 'app:v1' },
          { type: 'image', status: 'SUCCESS', namespace: 'tidy', name_tag: `team/app@${OTHER}` },
        ],
      },
    },
  });
  assert.ok(WebhookPayloadSchema.safeParse(payload).success);
});

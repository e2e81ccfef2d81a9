// The retention models: the policy Harbor's console sends parses as it is, nulls read as "not given",
// wrong JSON types are go-swagger's 422; the operations are Harbor's and their models are components.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harborValidationStatus } from './common.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { OPERATIONS } from './openapi/operations.js';
import { RetentionExecutionReqSchema, RetentionPolicySchema } from './retention.js';

const consolePolicy = {
  algorithm: 'or',
  rules: [{
    disabled: false, action: 'retain', template: 'latestPushedK', params: { latestPushedK: 10 },
    tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
  }],
  trigger: { kind: 'Schedule', settings: { cron: '0 0 0 * * *' }, references: {} },
  scope: { level: 'project', ref: 1 },
};

test("the console's policy parses unchanged; nulls are dropped", () => {
  assert.deepEqual(RetentionPolicySchema.parse(consolePolicy), consolePolicy);
  assert.deepEqual(RetentionPolicySchema.parse({ id: null, algorithm: 'or', rules: null, trigger: { kind: 'Schedule', settings: null }, scope: { level: 'project', ref: null } }),
    { algorithm: 'or', trigger: { kind: 'Schedule' }, scope: { level: 'project' } });
  assert.deepEqual(RetentionExecutionReqSchema.parse({ dry_run: null }), {});
});

test('wrong JSON types are 422', () => {
  for (const body of [{ rules: 'x' }, { scope: { ref: '1' } }, { trigger: { settings: [] } }, { rules: [{ params: 5 }] }]) {
    const r = RetentionPolicySchema.safeParse(body);
    assert.equal(r.success, false, JSON.stringify(body));
    assert.equal(harborValidationStatus(r.error!, body), 422, JSON.stringify(body));
  }
  const r = RetentionExecutionReqSchema.safeParse({ dry_run: 'yes' });
  assert.equal(harborValidationStatus(r.error!, { dry_run: 'yes' }), 422);
});

test("Harbor's retention operations, documented with their models", () => {
  const ids = OPERATIONS.filter((o) => o.tag === 'Retention').map((o) => `${o.id} ${o.method.toUpperCase()} ${o.path}`);
  assert.deepEqual(ids, [
    'getRentenitionMetadata GET /retentions/metadatas',
    'createRetention POST /retentions',
    'getRetention GET /retentions/{id}',
    'updateRetention PUT /retentions/{id}',
    'deleteRetention DELETE /retentions/{id}',
    'triggerRetentionExecution POST /retentions/{id}/executions',
    'listRetentionExecutions GET /retentions/{id}/executions',
    'operateRetentionExecution PATCH /retentions/{id}/executions/{eid}',
    'listRetentionTasks GET /retentions/{id}/executions/{eid}/tasks',
    'getRetentionTaskLog GET /retentions/{id}/executions/{eid}/tasks/{tid}',
  ]);
  const doc = buildOpenApiDocument(OPERATIONS, 'test');
  for (const name of ['RetentionPolicy', 'RetentionRule', 'RetentionSelector', 'RetentionMetadata', 'RetentionExecution', 'RetentionExecutionTask']) {
    assert.ok(doc.components.schemas[name], name);
  }
  const op = doc.paths['/retentions/{id}']!.get as { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> };
  assert.equal(op.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/RetentionPolicy');
});

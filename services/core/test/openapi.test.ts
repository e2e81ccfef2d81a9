// /api/v2.0/swagger.json documents exactly the operations core serves under /api/v2.0, and real answers
// have the documented shapes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OPERATIONS, ProjectSchema } from '@harbor/contracts';
import { createApp } from '../src/http/app.js';
import { listRoutes } from '../src/http/route-list.js';
import { basic, startTestCore, type TestCore } from './helpers.js';

let core: TestCore;
before(async () => { core = await startTestCore(); });
after(async () => { await core.stop(); });

const shape = (path: string) => path.replace(/:[A-Za-z_]+/g, '{}').replace(/\{[^}]+\}/g, '{}').replace(/(.)\/$/, '$1');

test('every /api/v2.0 route is documented and every documented operation is served', () => {
  // Registering routes touches no dependency, so the application can be built without them.
  const stub = new Proxy({}, { get: () => new Proxy(() => undefined, { get: () => () => undefined }) });
  const served = listRoutes(createApp(stub as never))
    .filter((r) => r.path.startsWith('/api/v2.0/') && r.path !== '/api/v2.0/swagger.json')
    .map((r) => `${r.method} ${shape(r.path.slice('/api/v2.0'.length))}`);
  const documented = OPERATIONS.map((o) => `${o.method.toUpperCase()} ${shape(o.path)}`);
  assert.deepEqual([...new Set(served)].sort(), [...new Set(documented)].sort());
});

test('the document is served to anyone, generated from the contracts', async () => {
  const res = await fetch(`${core.url}/api/v2.0/swagger.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const doc = await res.json() as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
  assert.equal(doc.openapi, '3.1.0');
  assert.equal(doc.paths['/projects']?.get?.operationId, 'listProjects');
  assert.equal(doc.paths['/projects/{project_name_or_id}']?.delete?.operationId, 'deleteProject');
});

test('answers match their documented contracts', async () => {
  const res = await fetch(`${core.url}/api/v2.0/projects`, { headers: basic('admin', 'Harbor12345') });
  assert.equal(res.status, 200);
  const op = OPERATIONS.find((o) => o.id === 'listProjects')!;
  assert.ok(Array.isArray(op.response) && op.response[0] === ProjectSchema);
  ProjectSchema.array().parse(await res.json());
});

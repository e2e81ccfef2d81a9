// The generated OpenAPI document is well formed: unique operation ids, declared path parameters, every
// $ref resolvable, and the API models present as components.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildOpenApiDocument } from './document.js';
import { OPERATIONS } from './operations.js';
import { pathParams } from './operation.js';

const doc = buildOpenApiDocument(OPERATIONS, 'test');

test('operation ids are unique and every path parameter is declared', () => {
  const ids = OPERATIONS.map((o) => o.id);
  assert.equal(new Set(ids).size, ids.length, 'unique operationIds');
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops) as Array<[string, { parameters: Array<{ name: string; in: string }> }]>) {
      const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      assert.deepEqual(declared, pathParams(path), `${method} ${path}`);
    }
  }
});

test('every $ref points at a component', () => {
  const refs = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') refs.add(x);
        else visit(x);
      }
    }
  };
  visit(doc);
  assert.ok(refs.size > 10);
  for (const ref of refs) {
    const [, , section, name] = ref.split('/');
    assert.ok((doc.components as unknown as Record<string, Record<string, unknown>>)[section!]?.[name!], `${ref} resolves`);
  }
});

test('the API models are components with their fields', () => {
  const project = doc.components.schemas.Project as { properties: Record<string, unknown> };
  for (const field of ['project_id', 'name', 'metadata', 'creation_time']) assert.ok(project.properties[field], field);
  const errors = doc.components.schemas.Errors as { properties: Record<string, unknown> };
  assert.ok(errors.properties.errors);
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(!JSON.stringify(doc).includes('"$schema"'), 'no per-schema $schema keys');
});

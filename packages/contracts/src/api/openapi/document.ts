// The OpenAPI 3.1 document of the API, generated from the zod contracts: every exported `XxxSchema` of
// the API models becomes the component `Xxx`, and every operation's body and success response refer to
// them. Served by core at /api/v2.0/swagger.json.
import { z } from 'zod';
import * as models from '../index.js';
import { pathParams, QUERY_PARAMS, type Operation } from './operation.js';

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown>; responses: Record<string, unknown> };
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string }>;
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'BadRequest', '401': 'Unauthorized', '403': 'Forbidden', '404': 'NotFound', '409': 'Conflict',
  '412': 'PreconditionFailed', '422': 'UnprocessableEntity', '500': 'InternalServerError',
};

/** The API models by component name, and each model's component name. */
function modelRegistry() {
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [exported, value] of Object.entries(models)) {
    if (!exported.endsWith('Schema') || !(value instanceof z.ZodType) || names.has(value)) continue;
    const id = exported.slice(0, -'Schema'.length);
    registry.add(value, { id });
    names.set(value, id);
  }
  return { registry, names };
}

function stripMeta(schema: unknown): unknown {
  if (schema && typeof schema === 'object') {
    const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
    return rest;
  }
  return schema;
}

export function buildOpenApiDocument(operations: readonly Operation[], version: string): OpenApiDocument {
  const { registry, names } = modelRegistry();
  const generated = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any', io: 'output' });
  const schemas = Object.fromEntries(Object.entries(generated.schemas).map(([k, v]) => [k, stripMeta(v)]));

  const ref = (schema: z.ZodType) => {
    const name = names.get(schema);
    return name ? { $ref: `#/components/schemas/${name}` } : stripMeta(z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }));
  };

  const paths: OpenApiDocument['paths'] = {};
  for (const op of operations) {
    const status = String(op.status ?? 200);
    const response = op.response === undefined ? undefined
      : Array.isArray(op.response) ? { type: 'array', items: ref((op.response as readonly [z.ZodType])[0]) }
        : ref(op.response as z.ZodType);
    const headers: Record<string, unknown> = {};
    if (op.paginated) {
      headers['X-Total-Count'] = { description: 'The total count of items', schema: { type: 'integer' } };
      headers.Link = { description: 'Links to the previous and next pages', schema: { type: 'string' } };
    }
    if (status === '201') headers.Location = { description: 'The URL of the created resource', schema: { type: 'string' } };
    const parameters = [
      ...pathParams(op.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(op.query ?? []).map((name) => ({
        name, in: 'query', required: false,
        description: QUERY_PARAMS[name]?.description ?? name, schema: QUERY_PARAMS[name]?.schema ?? { type: 'string' },
      })),
      { name: 'X-Request-Id', in: 'header', required: false, description: 'An id for the request', schema: { type: 'string' } },
    ];
    const entry: Record<string, unknown> = {
      operationId: op.id,
      summary: op.summary,
      tags: [op.tag],
      parameters,
      responses: {
        [status]: {
          description: 'Success',
          ...(Object.keys(headers).length ? { headers } : {}),
          ...(response ? { content: { 'application/json': { schema: response } } } : {}),
        },
        ...Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([code, name]) => [code, { $ref: `#/components/responses/${name}` }])),
      },
    };
    if (op.body) {
      // Request bodies are described as they are accepted (zod's input side), inline.
      entry.requestBody = { required: true, content: { 'application/json': { schema: names.has(op.body) ? ref(op.body) : stripMeta(z.toJSONSchema(op.body, { unrepresentable: 'any', io: 'input' })) } } };
    }
    if (op.anonymous) entry.security = [{}, { basic: [] }];
    (paths[op.path] ??= {})[op.method] = entry;
  }

  const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Harbor API',
      version,
      description: 'The Harbor API v2.0: projects, repositories, artifacts, users, robot accounts and system settings.',
    },
    servers: [{ url: '/api/v2.0' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic' },
        session: { type: 'apiKey', in: 'cookie', name: 'sid', description: 'The portal session; unsafe methods also need the X-Harbor-CSRF-Token header.' },
      },
      responses: Object.fromEntries(Object.values(ERROR_RESPONSES).map((name) => [name, { description: name.replace(/([a-z])([A-Z])/g, '$1 $2'), ...errorBody }])),
    },
    security: [{ basic: [] }, { session: [] }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
  };
}

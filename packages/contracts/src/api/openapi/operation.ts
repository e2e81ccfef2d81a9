// How one operation of the API is described: enough to generate its OpenAPI entry (path, parameters,
// body, success response) from the zod contracts. Paths are relative to /api/v2.0, in OpenAPI's
// `{param}` form, with Harbor's parameter names.
import { z } from 'zod';

export type HttpMethod = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  /** Harbor's operationId (swagger.yaml). */
  id: string;
  method: HttpMethod;
  path: string;
  tag: string;
  summary: string;
  /** Query parameters by name; names known to QUERY_PARAMS get their schema and description from there. */
  query?: readonly string[];
  body?: z.ZodType;
  /** The success body: a schema, or `[schema]` for an array of it. */
  response?: z.ZodType | readonly [z.ZodType];
  /** Success status; 200 unless given (201 for creations, which answer with a Location header). */
  status?: number;
  /** Answers with X-Total-Count and Link headers. */
  paginated?: boolean;
  /** Served without authentication. */
  anonymous?: boolean;
}

export interface QueryParam {
  schema: Record<string, unknown>;
  description: string;
}

const int = (min: number, def?: number, max?: number) => ({ type: 'integer', minimum: min, ...(def === undefined ? {} : { default: def }), ...(max === undefined ? {} : { maximum: max }) });
const bool = (def: boolean) => ({ type: 'boolean', default: def });

/** The query parameters Harbor's operations share. */
export const QUERY_PARAMS: Record<string, QueryParam> = {
  page: { schema: int(1, 1), description: 'The page number, from 1.' },
  page_size: { schema: int(1, 10, 100), description: 'The size of a page.' },
  q: { schema: { type: 'string' }, description: 'Filters: k=v (exact), k=~v (fuzzy), k=[min~max] (range), k={v1 v2} (any), k=(v1 v2) (all), comma-separated.' },
  sort: { schema: { type: 'string' }, description: 'Sort fields, comma-separated; a leading "-" sorts descending, e.g. "-creation_time,name".' },
  name: { schema: { type: 'string' }, description: 'Filter by name (fuzzy).' },
  with_tag: { schema: bool(true), description: 'Include the tags.' },
  with_label: { schema: bool(false), description: 'Include the labels.' },
  with_scan_overview: { schema: bool(false), description: 'Include the scan overview.' },
  with_sbom_overview: { schema: bool(false), description: 'Include the SBOM overview.' },
  with_signature: { schema: bool(false), description: 'Include signature information (deprecated).' },
  with_immutable_status: { schema: bool(false), description: 'Include whether each tag is immutable.' },
  with_accessory: { schema: bool(false), description: 'Include the accessories.' },
  with_inherited_accessory: { schema: bool(false), description: 'Include the signatures of the indexes that refer to the artifact.' },
  with_detail: { schema: bool(true), description: 'Include details.' },
  from: { schema: { type: 'string' }, description: 'The source artifact: "project/repository@digest" or "project/repository:tag".' },
};

/** Path parameters of an OpenAPI path template, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

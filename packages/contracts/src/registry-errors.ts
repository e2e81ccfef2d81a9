// The OCI distribution error catalogue: one entry per code with its message and HTTP status.
export const RegistryErrorCatalog = {
  BLOB_UNKNOWN: { status: 404, message: 'blob unknown to registry' },
  BLOB_UPLOAD_INVALID: { status: 400, message: 'blob upload invalid' },
  BLOB_UPLOAD_UNKNOWN: { status: 404, message: 'blob upload unknown to registry' },
  DIGEST_INVALID: { status: 400, message: 'provided digest did not match uploaded content' },
  MANIFEST_BLOB_UNKNOWN: { status: 400, message: 'manifest references a manifest or blob unknown to registry' },
  MANIFEST_INVALID: { status: 400, message: 'manifest invalid' },
  MANIFEST_UNKNOWN: { status: 404, message: 'manifest unknown to registry' },
  NAME_INVALID: { status: 400, message: 'invalid repository name' },
  NAME_UNKNOWN: { status: 404, message: 'repository name not known to registry' },
  SIZE_INVALID: { status: 400, message: 'provided length did not match content length' },
  UNAUTHORIZED: { status: 401, message: 'authentication required' },
  DENIED: { status: 403, message: 'requested access to the resource is denied' },
  UNSUPPORTED: { status: 405, message: 'the operation is unsupported' },
  TOOMANYREQUESTS: { status: 429, message: 'too many requests' },
  RANGE_INVALID: { status: 416, message: 'invalid content range' },
  PAGINATION_NUMBER_INVALID: { status: 400, message: 'invalid number of results requested' },
  TAG_INVALID: { status: 400, message: 'manifest tag did not match URI' },
  NOT_FOUND: { status: 404, message: 'not found' },
  // Harbor's policy refusals on /v2 (an immutable tag pushed over or deleted)
  PRECONDITION: { status: 412, message: 'precondition failed' },
  UNKNOWN: { status: 500, message: 'unknown error' },
  UNAVAILABLE: { status: 503, message: 'service unavailable' },
} as const;

export type RegistryErrorCode = keyof typeof RegistryErrorCatalog;

export interface RegistryErrorBody {
  errors: Array<{ code: RegistryErrorCode | string; message: string; detail?: unknown }>;
}

// Parameters of the s3 driver, named after distribution's `storage.s3` configuration keys, and the minio
// client built from them.
import { createRequire } from 'node:module';
import type { Client } from 'minio';
import { StorageError } from '../errors.js';
import { boolParam, intParam, stringParam } from '../params.js';

export interface S3DriverParams {
  region: string;
  /** Endpoint of a non-AWS server, e.g. http://127.0.0.1:9000 (its scheme overrides `secure`). */
  regionendpoint?: string;
  bucket: string;
  accesskey?: string;
  secretkey?: string;
  /** HTTPS when true (default true); only consulted when regionendpoint has no scheme. */
  secure?: boolean;
  /** Key prefix under which all content lives (no leading/trailing slash needed). */
  rootdirectory?: string;
  /**
   * Path-style requests for non-AWS endpoints (default true; false means virtual-host style). minio
   * always uses virtual-host style for AWS endpoints, whatever this says.
   */
  forcepathstyle?: boolean;
  /** Multipart part size in bytes: default 10 MiB, at least 5 MiB (S3's minimum part). */
  chunksize?: number;
  /** When true, redirectURL returns presigned URLs instead of null. */
  redirect?: boolean;
}

export type ResolvedS3Params = Required<Omit<S3DriverParams, 'regionendpoint' | 'accesskey' | 'secretkey'>> &
  Pick<S3DriverParams, 'regionendpoint' | 'accesskey' | 'secretkey'>;

const NAME = 's3';
export const MIN_CHUNK_SIZE = 5 * 1024 * 1024;
const MAX_CHUNK_SIZE = 5 * 1024 * 1024 * 1024;
const DEFAULT_CHUNK_SIZE = 10 * 1024 * 1024;

export function parseS3Params(params: Record<string, unknown>): ResolvedS3Params {
  const chunksize = intParam(params, 'chunksize', NAME, DEFAULT_CHUNK_SIZE);
  if (chunksize < MIN_CHUNK_SIZE || chunksize > MAX_CHUNK_SIZE) {
    throw new StorageError(`s3 storage: parameter "chunksize" must be between 5 MiB and 5 GiB`, NAME);
  }
  const regionendpoint = stringParam(params, 'regionendpoint', NAME, true);
  if (regionendpoint !== undefined) endpointURL(regionendpoint, true); // fail at start-up, not first use
  return {
    region: stringParam(params, 'region', NAME),
    regionendpoint,
    bucket: stringParam(params, 'bucket', NAME),
    accesskey: stringParam(params, 'accesskey', NAME, true),
    secretkey: stringParam(params, 'secretkey', NAME, true),
    secure: boolParam(params, 'secure', NAME, true),
    rootdirectory: (stringParam(params, 'rootdirectory', NAME, true) ?? '').replace(/^\/+|\/+$/g, ''),
    forcepathstyle: boolParam(params, 'forcepathstyle', NAME, true),
    chunksize,
    redirect: boolParam(params, 'redirect', NAME, false),
  };
}

function endpointURL(endpoint: string, secure: boolean): URL {
  try {
    return new URL(endpoint.includes('://') ? endpoint : `${secure ? 'https' : 'http'}://${endpoint}`);
  } catch {
    throw new StorageError(`s3 storage: parameter "regionendpoint" is not a URL: ${endpoint}`, NAME);
  }
}

export function createS3Client(params: ResolvedS3Params): Client {
  let endPoint = 's3.amazonaws.com';
  let useSSL = params.secure;
  let port: number | undefined;
  if (params.regionendpoint) {
    const url = endpointURL(params.regionendpoint, params.secure);
    endPoint = url.hostname.replace(/^\[|\]$/g, '');
    useSSL = url.protocol === 'https:';
    port = url.port ? Number(url.port) : undefined;
  }
  // Loaded on first use: the minio client costs ~35 MB of heap, which filesystem-only processes never need.
  const { Client: MinioClient } = createRequire(import.meta.url)('minio') as typeof import('minio');
  return new MinioClient({
    endPoint,
    port,
    useSSL,
    region: params.region,
    accessKey: params.accesskey,
    secretKey: params.secretkey,
    pathStyle: params.forcepathstyle,
    partSize: params.chunksize,
  });
}

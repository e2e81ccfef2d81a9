// A real S3 server for tests: s3rver (in-process, on 127.0.0.1 and a free port, storing into a temp
// directory) behind a thin HTTP front that fills the gaps the minio client trips over:
//   - `GET /<bucket>?uploads` (ListMultipartUploads), which minio calls before every streamed multipart
//     upload and s3rver lacks: answered with an empty listing, so minio never "resumes" a stranger's upload;
//   - `DELETE /<bucket>/<key>?uploadId=…` (AbortMultipartUpload), which s3rver answers with 405: answered
//     with 204 after removing the upload's parts.
// It also patches s3rver's file store: object and part writes become atomic and flushed before the
// response (stock s3rver answers as soon as the data has entered its write pipeline and writes objects in
// place, so a GET right after a PUT can read a truncated object), delimited listings find every common
// prefix, and multi-object deletes no longer race themselves (see the functions below).
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface S3TestServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (the `regionendpoint` of the s3 driver). */
  endpoint: string;
  port: number;
  accessKey: string;
  secretKey: string;
  /** A bucket that exists when the promise resolves. */
  bucket: string;
  region: string;
  stop(): Promise<void>;
}

// The slice of s3rver's (untyped, CommonJS) API this module uses.
interface S3rverStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
}
interface S3rverObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: unknown;
}
interface S3rverApp {
  store: S3rverStore & Record<string, unknown>;
  silent: boolean;
  logger: { close(): void };
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  configureBuckets(): Promise<unknown>;
}
type S3rverCtor = new (options: Record<string, unknown>) => S3rverApp;

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as S3rverCtor;

// s3rver's built-in account (see s3rver/lib/models/account.js); it verifies SigV4 signatures with it.
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

/** Writes a stream to a temp file next to target, flushes it, then renames it into place. */
async function writeAtomically(target: string, content: Readable | Buffer): Promise<{ size: number; md5: string }> {
  await mkdir(dirname(target), { recursive: true });
  // The suffix keeps the temp name from ending in `._S3rver_object`, so listings never show it.
  const tmp = `${target}.${randomBytes(8).toString('hex')}.partial`;
  const hash = createHash('md5');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    const source = Buffer.isBuffer(content) ? [content] : content;
    // pipeline resolves only after the file stream has finished (data handed to the OS).
    await pipeline(source, meter, createWriteStream(tmp));
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  return { size, md5: hash.digest('hex') };
}

interface ListOptions {
  delimiter?: string;
  prefix?: string;
  maxKeys?: number;
  startAfter?: string;
}
interface ListResult {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
type ListObjects = (bucket: string, options: ListOptions) => Promise<ListResult>;

/**
 * s3rver's delimited listing prunes its directory walk too early and misses common prefixes whose objects
 * sit two or more levels down (prefix `a/` never reports `a/b/` for key `a/b/c/d`). Delimited listings are
 * computed here from the full listing under the prefix instead, in one page (a valid S3 answer).
 */
function fixDelimitedListing(store: Record<string, unknown>): void {
  const original = (store.listObjects as ListObjects).bind(store);
  store.listObjects = async (bucket: string, options: ListOptions): Promise<ListResult> => {
    const { delimiter = '', prefix = '' } = options;
    if (!delimiter) return original(bucket, options);
    const all = await original(bucket, { ...options, delimiter: '', maxKeys: Infinity });
    const objects: ListResult['objects'] = [];
    const prefixes = new Set<string>();
    for (const object of all.objects) {
      const at = object.key.indexOf(delimiter, prefix.length);
      if (at === -1) objects.push(object);
      else prefixes.add(object.key.slice(0, at + delimiter.length));
    }
    return { objects, commonPrefixes: [...prefixes].sort(), isTruncated: false };
  };
}

/**
 * s3rver's multi-object delete removes keys in parallel, and each removal then prunes empty parent
 * directories, racing its siblings (ENOENT on a directory another removal just pruned, answered as 500).
 * Removals run one at a time here, and a parent already pruned is not an error.
 */
function serialiseDeletes(store: Record<string, unknown>): void {
  const original = (store.deleteObject as (bucket: string, key: string) => Promise<void>).bind(store);
  let chain: Promise<void> = Promise.resolve();
  store.deleteObject = (bucket: string, key: string): Promise<void> => {
    const run = chain.then(() =>
      original(bucket, key).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      }),
    );
    chain = run.catch(() => undefined);
    return run;
  };
}

function patchStore(store: S3rverStore & Record<string, unknown>): void {
  fixDelimitedListing(store);
  serialiseDeletes(store);
  store.putObject = async (object: S3rverObject) => {
    const target = store.getResourcePath(object.bucket, object.key, 'object');
    const result = await writeAtomically(target, object.content);
    await store.putMetadata(object.bucket, object.key, object.metadata, result.md5);
    return result;
  };
  store.putPart = async (bucket: string, uploadId: string, partNumber: string, content: Readable) => {
    const partPath = join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
    const result = await writeAtomically(partPath, content);
    await writeFile(`${partPath}.md5`, result.md5);
    return result;
  };
}

function listUploadsXml(bucket: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Bucket>${bucket}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
    '<NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker>' +
    '<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>'
  );
}

/** Starts s3rver on 127.0.0.1 (free port) with a fresh temp directory and one bucket. */
export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? `test-${randomBytes(4).toString('hex')}`;
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const app = new S3rver({
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  app.silent = true; // also silences Koa's default error printer
  patchStore(app.store);
  await app.configureBuckets();
  const handle = app.callback();
  const uploadsDir = app.store.getResourcePath(bucket, undefined, 'uploads');

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/$/, '');
    if (req.method === 'GET' && url.searchParams.has('uploads') && path === `/${bucket}`) {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(listUploadsXml(bucket));
      return;
    }
    const uploadId = url.searchParams.get('uploadId');
    if (req.method === 'DELETE' && uploadId && path.startsWith(`/${bucket}/`)) {
      // Upload ids are hex generated by s3rver; anything else must not reach the file system.
      if (!/^[0-9a-f]+$/.test(uploadId)) {
        res.writeHead(404).end();
        return;
      }
      rm(join(uploadsDir, uploadId), { recursive: true, force: true }).then(
        () => res.writeHead(204).end(),
        () => res.writeHead(500).end(),
      );
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
    bucket,
    region: 'us-east-1',
    async stop() {
      if (stopped) return;
      stopped = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // keep-alive sockets of clients would otherwise hold close() open
      await closed;
      app.logger.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

// Content of artifacts (manifests, config blobs, chart archives) read from the registry over its HTTP API:
// core never touches the storage backend. Each request carries a short token core mints for itself with
// pull access to that one repository, and every read is capped so a huge blob cannot exhaust memory.
import type { TokenMinter } from '@harbor/auth';

export type RegistryContentFailure = 'not_found' | 'too_large' | 'unavailable';

export class RegistryContentError extends Error {
  constructor(readonly reason: RegistryContentFailure, message: string) {
    super(message);
    this.name = 'RegistryContentError';
  }
}

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

const TOKEN_SECONDS = 300;

export class RegistryContentRepo {
  constructor(
    private readonly registryURL: string,
    private readonly minter: TokenMinter,
    private readonly service: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async manifest(repository: string, digest: string, maxBytes: number): Promise<Buffer> {
    return this.get(repository, `manifests/${digest}`, maxBytes, { Accept: MANIFEST_ACCEPT });
  }

  async blob(repository: string, digest: string, maxBytes: number): Promise<Buffer> {
    return this.get(repository, `blobs/${digest}`, maxBytes, {});
  }

  private async get(repository: string, path: string, maxBytes: number, headers: Record<string, string>): Promise<Buffer> {
    const { token } = this.minter.mint({
      subject: 'harbor-core', audience: this.service, expirySeconds: TOKEN_SECONDS,
      access: [{ type: 'repository', name: repository, actions: ['pull'] }],
    });
    const url = new URL(`/v2/${repository}/${path}`, this.registryURL);
    let res: Response;
    try {
      res = await fetch(url, { headers: { ...headers, Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new RegistryContentError('unavailable', `the registry cannot be reached: ${(err as Error).message}`);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      throw new RegistryContentError('not_found', `${path.split('/')[1]} not found in the registry`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new RegistryContentError('unavailable', `the registry answered ${res.status} for ${url.pathname}`);
    }
    return readCapped(res, maxBytes);
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new RegistryContentError('too_large', `the content is larger than ${maxBytes} bytes`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

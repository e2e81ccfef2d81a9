// Token authentication shared by both registries under test: one signing certificate, one token server
// (for skopeo, which does the realm dance with --creds) and a minter for the bearer tokens the load
// generators send directly, so neither registry ever sees an unauthenticated request in a measurement.
import { generateSigningCert, makeTempDir, removeDir, startTokenServer, type TokenServer } from '@harbor/testkit';
import { TokenMinter, type Access } from '@harbor/auth';

export const SERVICE = 'harbor-bench';
export const ISSUER = 'harbor-bench-issuer';
const USER = 'bench';
const PASSWORD = 'bench-password';

export interface BenchAuth {
  realm: string;
  service: string;
  issuer: string;
  rootCertBundlePath: string;
  /** `user:password` for skopeo's --creds. */
  creds: string;
  /** A bearer token granting exactly `access`. */
  token(access: Access[]): string;
  pullToken(repository: string): string;
  pushToken(repository: string, mountFrom?: string): string;
  catalogToken(): string;
  close(): Promise<void>;
}

export async function createBenchAuth(): Promise<BenchAuth> {
  const dir = makeTempDir('bench-auth');
  const cert = await generateSigningCert(dir);
  let server: TokenServer | undefined;
  try {
    server = await startTokenServer({
      issuer: ISSUER,
      service: SERVICE,
      keyPem: cert.keyPem,
      certPem: cert.certPem,
      users: { [USER]: PASSWORD },
      expirySeconds: 3600,
    });
  } catch (e) {
    removeDir(dir);
    throw e;
  }
  // One hour: longer than the whole benchmark, so no token expires mid-measurement.
  const minter = new TokenMinter({ issuer: ISSUER, privateKeyPem: cert.keyPem, certificatePem: cert.certPem, expirySeconds: 3600 });
  const token = (access: Access[]) => minter.mint({ subject: USER, audience: SERVICE, access }).token;
  const running = server;
  return {
    realm: running.url,
    service: SERVICE,
    issuer: ISSUER,
    rootCertBundlePath: cert.certPath,
    creds: `${USER}:${PASSWORD}`,
    token,
    pullToken: (name) => token([{ type: 'repository', name, actions: ['pull'] }]),
    pushToken: (name, mountFrom) =>
      token([
        { type: 'repository', name, actions: ['pull', 'push'] },
        ...(mountFrom ? [{ type: 'repository', name: mountFrom, actions: ['pull'] }] : []),
      ]),
    catalogToken: () => token([{ type: 'registry', name: 'catalog', actions: ['*'] }]),
    async close() {
      await running.stop();
      removeDir(dir);
    },
  };
}

// The token signing key and its certificate: the configured files, or on first run a new RSA key with a
// self-signed certificate written into the data directory. The registry trusts the certificate
// (auth.token.rootcertbundle), so it must stay stable across restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSelfSignedCertificate } from '@harbor/auth';

export interface SigningMaterial {
  keyPem: string;
  certPem: string;
  keyPath: string;
  certPath: string;
}

export async function ensureSigningKey(opts: { privateKey?: string; certificate?: string; dataDir: string }): Promise<SigningMaterial> {
  const keyPath = opts.privateKey ?? join(opts.dataDir, 'token', 'private_key.pem');
  const certPath = opts.certificate ?? join(opts.dataDir, 'token', 'root.crt');
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    if (opts.privateKey || opts.certificate) {
      throw new Error(`token key or certificate missing: ${!existsSync(keyPath) ? keyPath : certPath}`);
    }
    const pair = await createSelfSignedCertificate({ commonName: 'harbor-token-ca', days: 3650 });
    mkdirSync(join(opts.dataDir, 'token'), { recursive: true, mode: 0o700 });
    writeFileSync(keyPath, pair.keyPem, { mode: 0o600 });
    writeFileSync(certPath, pair.certPem);
  }
  return { keyPem: readFileSync(keyPath, 'utf8'), certPem: readFileSync(certPath, 'utf8'), keyPath, certPath };
}

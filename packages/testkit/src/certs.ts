// Token-signing keys and certificates on disk for tests: a self-signed signing certificate (what a
// registry's `rootcertbundle` points at) and certificates issued by it for x5c chains. The X.509 work is
// @harbor/auth's openssl wrapper; this module only places the PEM files.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSelfSignedCertificate,
  issueCertificate,
  type CertificateOptions,
  type KeyAndCertificate,
} from '@harbor/auth';
import { makeTempDir } from './clients/exec.js';

export interface GeneratedCert extends KeyAndCertificate {
  keyPath: string;
  certPath: string;
}

export interface GeneratedCertOptions extends CertificateOptions {
  /** File name stem: `<name>.key` and `<name>.crt` (default `token`). */
  name?: string;
}

async function place(pair: KeyAndCertificate, dir: string, name: string): Promise<GeneratedCert> {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  await Promise.all([writeFile(keyPath, pair.keyPem, { mode: 0o600 }), writeFile(certPath, pair.certPem)]);
  return { ...pair, keyPath, certPath };
}

/**
 * A new RSA 2048 key and self-signed certificate (a CA, so it may also issue chains), written into `dir`,
 * or into a temp dir removed when the test process exits.
 */
export async function generateSigningCert(dir?: string, options: GeneratedCertOptions = {}): Promise<GeneratedCert> {
  const { name = 'token', ...certOptions } = options;
  return place(await createSelfSignedCertificate(certOptions), dir ?? makeTempDir('certs'), name);
}

/** A new key and a certificate for it issued by `issuer` (leaf unless `ca: true`), written like the above. */
export async function issueSigningCert(
  issuer: KeyAndCertificate,
  dir?: string,
  options: GeneratedCertOptions = {},
): Promise<GeneratedCert> {
  const { name = 'leaf', ...certOptions } = options;
  return place(await issueCertificate(issuer, certOptions), dir ?? makeTempDir('certs'), name);
}

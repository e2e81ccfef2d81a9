// Key pairs and X.509 certificates for token signing, made by the `openssl` CLI exactly as Harbor's own
// `prepare` step makes its token certificate on first run. Used for a first-run self-signed certificate and
// by tests (CA → leaf chains for the x5c path). openssl is part of every Debian image; choosing it over an
// npm X.509 library keeps ASN.1 encoding in a proven tool and adds no dependency.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type KeyAlgorithm = 'rsa-2048' | 'rsa-4096' | 'ec-p256' | 'ec-p384' | 'ec-p521';

export interface KeyAndCertificate {
  /** PKCS#8 PEM private key. */
  keyPem: string;
  certPem: string;
}

export interface CertificateOptions {
  commonName?: string;
  days?: number;
  keyAlgorithm?: KeyAlgorithm;
  /** Mark the certificate as a CA (may sign other certificates). */
  ca?: boolean;
}

const KEY_ARGS: Record<KeyAlgorithm, string[]> = {
  'rsa-2048': ['-newkey', 'rsa:2048'],
  'rsa-4096': ['-newkey', 'rsa:4096'],
  'ec-p256': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  'ec-p384': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  'ec-p521': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521'],
};

function extensions(ca: boolean): string {
  return ca
    ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\nsubjectKeyIdentifier=hash\n'
    : 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';
}

async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'harbor-x509-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function subject(commonName: string): string {
  // openssl's -subj syntax treats '/' and '\' specially.
  return `/CN=${commonName.replace(/[\\/]/g, '\\$&')}`;
}

/** A new key pair and a self-signed certificate for it (the token service's signing certificate). */
export async function createSelfSignedCertificate(options: CertificateOptions = {}): Promise<KeyAndCertificate> {
  const { commonName = 'harbor-token-signer', days = 3650, keyAlgorithm = 'rsa-2048', ca = true } = options;
  return inTempDir(async (dir) => {
    const [keyPath, certPath] = ['key.pem', 'cert.pem'].map((f) => join(dir, f));
    await run('openssl', [
      'req', '-x509', ...KEY_ARGS[keyAlgorithm], '-nodes', '-sha256', '-keyout', keyPath, '-out', certPath,
      '-subj', subject(commonName), '-days', String(days), '-config', await writeConfig(dir, ca), '-extensions', 'ext',
    ]);
    return { keyPem: await readFile(keyPath, 'utf8'), certPem: await readFile(certPath, 'utf8') };
  });
}

/** A minimal openssl config, so no system openssl.cnf defaults leak into the certificates. */
async function writeConfig(dir: string, ca: boolean): Promise<string> {
  const path = join(dir, 'req.cnf');
  await writeFile(path, `[req]\ndistinguished_name=dn\n[dn]\n[ext]\n${extensions(ca)}`);
  return path;
}

/** A new key pair and a certificate for it signed by `issuer` (a CA made by this module). */
export async function issueCertificate(
  issuer: KeyAndCertificate,
  options: CertificateOptions = {},
): Promise<KeyAndCertificate> {
  const { commonName = 'harbor-token-leaf', days = 3650, keyAlgorithm = 'rsa-2048', ca = false } = options;
  return inTempDir(async (dir) => {
    const [keyPath, csrPath, certPath, extPath, caKeyPath, caCertPath] = [
      'key.pem', 'req.csr', 'cert.pem', 'ext.cnf', 'ca-key.pem', 'ca-cert.pem',
    ].map((f) => join(dir, f));
    await Promise.all([
      writeFile(extPath, extensions(ca)),
      writeFile(caKeyPath, issuer.keyPem, { mode: 0o600 }),
      writeFile(caCertPath, issuer.certPem),
    ]);
    await run('openssl', [
      'req', '-new', ...KEY_ARGS[keyAlgorithm], '-nodes', '-keyout', keyPath, '-out', csrPath,
      '-subj', subject(commonName), '-config', await writeConfig(dir, ca),
    ]);
    await run('openssl', [
      'x509', '-req', '-in', csrPath, '-CA', caCertPath, '-CAkey', caKeyPath, '-set_serial', randomSerial(),
      '-sha256', '-days', String(days), '-extfile', extPath, '-out', certPath,
    ]);
    return { keyPem: await readFile(keyPath, 'utf8'), certPem: await readFile(certPath, 'utf8') };
  });
}

function randomSerial(): string {
  // A positive, non-zero 63-bit serial, so two certificates of one CA never share a serial.
  return String(BigInt.asUintN(63, BigInt(`0x${randomBytes(8).toString('hex')}`)) | 1n);
}

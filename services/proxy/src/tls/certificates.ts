// The HTTPS certificate: read from the configured files, or, with `generateSelfSigned`, made once by
// openssl (through @harbor/auth) and kept in the data directory so restarts present the same certificate,
// as Harbor's installer does for a first run without a certificate.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createSelfSignedCertificate } from '@harbor/auth';
import type { Logger } from '@harbor/telemetry';
import type { ProxyConfig } from '../config.js';

export interface TlsMaterial {
  key: string;
  cert: string;
  certificatePath: string;
  privateKeyPath: string;
  generated: boolean;
}

export async function loadOrCreateCertificate(config: Pick<ProxyConfig, 'tls' | 'dataDir' | 'externalURL'>, logger: Logger): Promise<TlsMaterial> {
  const { tls } = config;
  const certificatePath = tls.certificate ?? join(config.dataDir, 'tls', 'proxy.crt');
  const privateKeyPath = tls.privateKey ?? join(config.dataDir, 'tls', 'proxy.key');
  let generated = false;
  if (!existsSync(certificatePath) || !existsSync(privateKeyPath)) {
    if (!tls.generateSelfSigned) {
      throw new Error(`TLS certificate ${certificatePath} or key ${privateKeyPath} does not exist (set tls.generateSelfSigned to create one)`);
    }
    const commonName = config.externalURL ? new URL(config.externalURL).hostname.replace(/^\[|\]$/g, '') : 'localhost';
    const made = await createSelfSignedCertificate({ commonName, ca: false, keyAlgorithm: 'rsa-2048' });
    await mkdir(dirname(privateKeyPath), { recursive: true, mode: 0o700 });
    await mkdir(dirname(certificatePath), { recursive: true });
    await writeFile(privateKeyPath, made.keyPem, { mode: 0o600 });
    await writeFile(certificatePath, made.certPem);
    generated = true;
    logger.warn({ certificatePath, commonName }, 'generated a self-signed TLS certificate; clients must be told to trust it');
  }
  const [key, cert] = await Promise.all([readFile(privateKeyPath, 'utf8'), readFile(certificatePath, 'utf8')]);
  return { key, cert, certificatePath, privateKeyPath, generated };
}

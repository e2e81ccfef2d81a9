// Real clients (skopeo, podman, ctr, helm, docker) against our registry, as built and started from its
// binary in token mode behind testkit's token service; and the same suite against the reference registry,
// CNCF distribution 2.8.2 (Debian's docker-registry), so a difference in client behaviour between the two
// shows up as a failure on one side only.
import { generateSigningCert, startDistribution, startHarborRegistry, startTokenServer } from '@harbor/testkit';
import { runClientSuite, type RegistryTarget } from './client-suite.js';

const username = 'e2e-user';
const password = 'e2e-Passw0rd';
const issuer = 'harbor-e2e-token-issuer';
const service = 'harbor-e2e-registry';

async function withTokenService(
  start: (token: { realm: string; service: string; issuer: string; rootCertBundlePath: string }) => Promise<{ host: string; stop(): Promise<void> }>,
): Promise<RegistryTarget> {
  const cert = await generateSigningCert();
  const tokens = await startTokenServer({ issuer, service, keyPem: cert.keyPem, certPem: cert.certPem, users: { [username]: password } });
  try {
    const registry = await start({ realm: tokens.url, service, issuer, rootCertBundlePath: cert.certPath });
    return {
      host: registry.host,
      username,
      password,
      namespace: 'library',
      async stop() {
        await Promise.allSettled([registry.stop(), tokens.stop()]);
      },
    };
  } catch (e) {
    await tokens.stop();
    throw e;
  }
}

runClientSuite('our registry (token auth)', () => withTokenService((token) => startHarborRegistry({ token })));
runClientSuite('distribution 2.8.2 (token auth)', () => withTokenService((token) => startDistribution({ token })));

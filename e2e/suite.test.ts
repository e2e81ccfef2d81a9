// The seed's walkthrough against the whole suite started by the README's start command: real clients
// log in as admin through the proxy (core's token service, RBAC, the registry in token mode) and push and
// pull into the public `library` project — docker (load/tag/push/rmi/pull), skopeo, podman, ctr and helm.
import { startHarborSuite } from '@harbor/testkit';
import { runClientSuite } from './client-suite.js';

runClientSuite('the suite through the proxy (admin)', async () => {
  const suite = await startHarborSuite();
  return { host: suite.host, username: 'admin', password: 'Harbor12345', namespace: 'library', stop: suite.stop };
});

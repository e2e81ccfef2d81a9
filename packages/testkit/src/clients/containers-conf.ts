// Isolated configuration for the containers/image tools (skopeo, podman): a private policy, registries
// list, auth file and containers.conf, so a test neither reads nor writes the host's ~/.docker,
// $XDG_RUNTIME_DIR/containers/auth.json or /etc/containers settings beyond the binaries themselves.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ContainersConf {
  dir: string;
  policyPath: string;
  authFile: string;
  env: NodeJS.ProcessEnv;
}

export function writeContainersConf(dir: string): ContainersConf {
  const policyPath = join(dir, 'policy.json');
  writeFileSync(policyPath, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }) + '\n');
  const registriesConf = join(dir, 'registries.conf');
  // No search registries: every test reference is fully qualified, and nothing may reach docker.io.
  writeFileSync(registriesConf, 'unqualified-search-registries = []\nshort-name-mode = "disabled"\n');
  const containersConf = join(dir, 'containers.conf');
  writeFileSync(containersConf, '[engine]\nevents_logger = "file"\ncgroup_manager = "cgroupfs"\n');
  const storageConf = join(dir, 'storage.conf');
  writeFileSync(storageConf, `[storage]\ndriver = "vfs"\nrunroot = ${JSON.stringify(join(dir, 'runroot'))}\ngraphroot = ${JSON.stringify(join(dir, 'root'))}\n`);
  const authFile = join(dir, 'auth.json');
  writeFileSync(authFile, '{"auths":{}}\n');
  return {
    dir,
    policyPath,
    authFile,
    env: {
      ...process.env,
      CONTAINERS_REGISTRIES_CONF: registriesConf,
      CONTAINERS_CONF: containersConf,
      CONTAINERS_STORAGE_CONF: storageConf,
      REGISTRY_AUTH_FILE: authFile,
    },
  };
}

export {};
export * from './s3.js';
export {
  run as runCommand,
  CommandError,
  spawnDaemon,
  waitUntil,
  freePort,
  makeTempDir,
  removeDir,
  type RunOptions,
  type RunResult,
  type Daemon,
  type DaemonOptions,
} from './clients/exec.js';
export * from './clients/distribution.js';
export * from './clients/dockerd.js';
export * from './clients/containerd.js';
export * from './clients/skopeo.js';
export * from './clients/podman.js';
export * from './clients/helm.js';
export * from './image.js';
export * from './helm-chart.js';
export * from './certs.js';
export * from './token-server.js';
export * from './database.js';
export * from './clients/harbor-registry.js';
export * from './clients/harbor-suite.js';
export * from './clients/runtime-env.js';
export * from './clients/chromium.js';

// The environment the suite's services run with (scripts/runtime-env.mjs, which `npm start` applies to
// every service): the test kit starts our registry with it too, and benchmarks give it to the Node.js
// processes they compare with ours, so every Node.js process measured runs as the product's do.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MODULE = pathToFileURL(resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../scripts/runtime-env.mjs')).href;

interface RuntimeEnvModule {
  RUNTIME_ENV: Readonly<Record<string, string>>;
  withRuntimeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

/** `env` (default: this process's) with the runtime variables it does not set itself. */
export async function serviceEnv(env: NodeJS.ProcessEnv = process.env): Promise<NodeJS.ProcessEnv> {
  return ((await import(MODULE)) as RuntimeEnvModule).withRuntimeEnv(env);
}

/** The runtime variables themselves. */
export async function runtimeEnv(): Promise<Readonly<Record<string, string>>> {
  return ((await import(MODULE)) as RuntimeEnvModule).RUNTIME_ENV;
}

// Starts lib/pipe-proxy-server.ts in front of a registry: distribution behind the barest Node.js proxy
// shows what one proxy hop costs on this machine whatever the proxy does (the suite's entry point is a
// Node.js proxy too), as the sink registry shows what the client costs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serviceEnv } from '@harbor/testkit';
import type { Target } from './registries.js';

const SERVER = fileURLToPath(new URL('./pipe-proxy-server.ts', import.meta.url));

export async function startPipeProxy(upstream: Target): Promise<Target> {
  // Run as npm start runs each service (its runtime environment, a session of its own), so that the hop
  // differs from our proxy by code only.
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, upstream.url], {
    stdio: ['ignore', 'pipe', 'inherit'], env: await serviceEnv(), detached: true,
  });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = /listening (\d+)/.exec(seen);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`pipe proxy exited (${code}) before listening`)));
    child.once('error', reject);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    side: 'theirs',
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

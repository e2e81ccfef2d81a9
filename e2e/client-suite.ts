// The real-client e2e suite, parameterized by the registry under test: `runClientSuite(name, startTarget)`
// registers one node:test suite that starts the target, builds the test image and chart once, runs every
// client's push/pull round trip, and stops everything it started even when a step fails.
import { after, before, describe, it } from 'node:test';
import { buildHelmChart, buildTestImage, makeTempDir, removeDir } from '@harbor/testkit';
import {
  ctrFlow,
  dockerFlow,
  helmFlow,
  podmanFlow,
  skopeoDeleteFlow,
  skopeoFlow,
  type FlowContext,
  type RegistryTarget,
} from './client-flows.js';

export type { RegistryTarget } from './client-flows.js';
export type StartTarget = () => Promise<RegistryTarget>;

const FLOW_TIMEOUT = 120_000;

export function runClientSuite(name: string, startTarget: StartTarget): void {
  describe(`real clients against ${name}`, () => {
    let ctx: FlowContext | undefined;
    let target: RegistryTarget | undefined;
    let work: string | undefined;

    before(async () => {
      work = makeTempDir('e2e');
      const [t, image, chart] = await Promise.allSettled([
        startTarget(),
        buildTestImage(work, { tag: '1.0', dockerArchive: true, ociArchive: true }),
        buildHelmChart(work, 'e2e-chart', '0.1.0'),
      ]);
      // Keep whatever started, so `after` stops it even when another part failed.
      if (t.status === 'fulfilled') target = t.value;
      for (const r of [t, image, chart]) if (r.status === 'rejected') throw r.reason;
      ctx = { target: target!, image: (image as PromiseFulfilledResult<FlowContext['image']>).value, chart: (chart as PromiseFulfilledResult<FlowContext['chart']>).value, work };
    });

    // node:test runs `after` even when `before` failed, so a half-started fixture is still torn down.
    after(async () => {
      await target?.stop();
      if (work) removeDir(work);
    });

    const flow = (title: string, fn: (c: FlowContext) => Promise<void>) =>
      it(title, { timeout: FLOW_TIMEOUT }, async () => {
        if (!ctx) throw new Error('suite fixture did not start');
        await fn(ctx);
      });

    flow('skopeo copies an OCI layout in and out unchanged, and as Docker v2s2', skopeoFlow);
    flow('skopeo deletes a manifest by digest', skopeoDeleteFlow);
    flow('podman load/login/tag/push/rmi/pull round-trips the digest', podmanFlow);
    flow('ctr import/push/pull keeps the OCI manifest digest', ctrFlow);
    flow('helm pushes and pulls an OCI chart', helmFlow);
    flow('docker load/login/tag/push/rmi/pull round-trips the digest', dockerFlow);
  });
}

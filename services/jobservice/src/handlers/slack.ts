// SLACK: posts a notification, already rendered by core as Slack's message JSON, to a Slack incoming
// webhook. Slack takes no credentials besides its URL, so no Authorization header is sent. A failure
// (Slack answers 429 when posted to too fast) throws: the runtime retries with backoff.
import type { WebhookParams } from '@harbor/contracts';
import type { JobHandler } from '@harbor/jobs';
import { deliver } from './http-delivery.js';
import type { DeliveryOptions } from './webhook.js';

export function slackHandler(options: DeliveryOptions = {}): JobHandler<WebhookParams> {
  return async (ctx) => {
    const { target, body, event_type: eventType, policy_id: policyId } = ctx.params;
    ctx.log(`${eventType} notification of policy ${policyId} to Slack`);
    await deliver({
      address: target.address,
      body,
      headers: { 'Content-Type': 'application/json' },
      insecure: target.skip_cert_verify,
      timeoutMs: options.timeoutMs,
      signal: ctx.signal,
    }, ctx.log);
  };
}

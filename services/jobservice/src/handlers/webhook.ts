// WEBHOOK: posts a notification, already rendered by core in the target's format (Harbor's payload or
// a CloudEvents document), to an http(s) receiver with the format's headers and, when the policy sets
// one, the target's `Authorization` header. A failure throws: the runtime retries with backoff.
import type { WebhookParams } from '@harbor/contracts';
import type { JobHandler } from '@harbor/jobs';
import { deliver } from './http-delivery.js';

export interface DeliveryOptions {
  /** Deadline of one attempt (default 10 s). */
  timeoutMs?: number;
}

export function webhookHandler(options: DeliveryOptions = {}): JobHandler<WebhookParams> {
  return async (ctx) => {
    const { target, body, headers, event_type: eventType, policy_id: policyId } = ctx.params;
    ctx.log(`${eventType} notification of policy ${policyId} (${target.payload_format} format)`);
    await deliver({
      address: target.address,
      body,
      headers: {
        'Content-Type': 'application/json',
        ...headers,
        ...(target.auth_header ? { Authorization: target.auth_header } : {}),
      },
      insecure: target.skip_cert_verify,
      timeoutMs: options.timeoutMs,
      signal: ctx.signal,
    }, ctx.log);
  };
}

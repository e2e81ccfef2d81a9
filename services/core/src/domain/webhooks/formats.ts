// A notification rendered for one target: the request body and the headers it goes with. http targets
// get Harbor's payload as it is (`Default`, application/json) or wrapped as a CloudEvents 1.0 document
// (`CloudEvents`, application/cloudevents+json); Slack targets get the message Harbor posts to an
// incoming webhook (a few mrkdwn sections with the event data as a code block).
import { randomUUID } from 'node:crypto';
import { CLOUD_EVENT_TYPES, type WebhookCloudEvent, type WebhookPayload } from '@harbor/contracts';

export interface RenderedBody {
  body: string;
  headers: Record<string, string>;
}

export interface CloudEventContext {
  projectId: number;
  policyId: number;
  requestId: string;
  /** The event id; a new UUID unless given (tests). */
  id?: string;
}

export function renderDefault(payload: WebhookPayload): RenderedBody {
  return { body: JSON.stringify(payload), headers: { 'Content-Type': 'application/json' } };
}

/** RFC 3339 in whole seconds, as the CloudEvents SDK writes a time built from Unix seconds. */
const rfc3339 = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function toCloudEvent(payload: WebhookPayload, ctx: CloudEventContext): WebhookCloudEvent {
  const type = CLOUD_EVENT_TYPES[payload.type];
  if (!type) throw new Error(`unknown event type: ${payload.type}`);
  return {
    specversion: '1.0',
    id: ctx.id ?? randomUUID(),
    requestid: ctx.requestId,
    source: `/projects/${ctx.projectId}/webhook/policies/${ctx.policyId}`,
    type,
    datacontenttype: 'application/json',
    time: rfc3339(payload.occur_at),
    data: payload.event_data ?? {},
    operator: payload.operator,
  };
}

export function renderCloudEvent(payload: WebhookPayload, ctx: CloudEventContext): RenderedBody {
  return { body: JSON.stringify(toCloudEvent(payload, ctx)), headers: { 'Content-Type': 'application/cloudevents+json' } };
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** Slack's message: Harbor's block layout; the time is Slack's date token, so each reader sees it in their zone. */
export function slackMessage(payload: WebhookPayload): { blocks: Array<ReturnType<typeof section>> } {
  const fallback = new Date(payload.occur_at * 1000).toISOString();
  return {
    blocks: [
      section('*Harbor webhook events*'),
      section(`*event_type:* ${payload.type}`),
      section(`*occur_at:* <!date^${payload.occur_at}^{date} at {time}|${fallback}>`),
      section(`*operator:* ${payload.operator}`),
      section('*event_data:*'),
      section('```' + JSON.stringify(payload.event_data ?? {}, null, '\t') + '```'),
    ],
  };
}

export function renderSlack(payload: WebhookPayload): RenderedBody {
  return { body: JSON.stringify(slackMessage(payload)), headers: { 'Content-Type': 'application/json' } };
}

/** The body a target gets: Slack's message, or the payload in the http target's format. */
export function renderFor(target: { type: string; payload_format?: string }, payload: WebhookPayload, ctx: CloudEventContext): RenderedBody {
  if (target.type === 'slack') return renderSlack(payload);
  return target.payload_format === 'CloudEvents' ? renderCloudEvent(payload, ctx) : renderDefault(payload);
}

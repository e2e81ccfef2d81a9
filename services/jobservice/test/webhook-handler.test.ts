// The WEBHOOK and SLACK handlers against real receivers on this machine: what a receiver gets (body,
// content type, extra headers, Authorization only for http targets), answers outside 2xx and network
// failures thrown (so the runtime retries), a receiver that never answers cut off, redirects not
// followed, and HTTPS receivers with a self-signed certificate: refused unless the target skips
// verification.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobType, WebhookParams } from '@harbor/contracts';
import { PermanentJobError, type JobContext } from '@harbor/jobs';
import { generateSigningCert } from '@harbor/testkit';
import { slackHandler } from '../src/handlers/slack.js';
import { webhookHandler } from '../src/handlers/webhook.js';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

function context(type: JobType, params: WebhookParams, attempt = 1, signal = new AbortController().signal): JobContext<WebhookParams> & { lines: string[] } {
  const lines: string[] = [];
  return {
    type, params, jobId: 'job-1', taskId: 1, executionId: 1, attempt, signal, lines,
    log: (line) => { lines.push(line); },
    report: async () => undefined,
  };
}

const params = (address: string, over: Partial<WebhookParams['target']> = {}, extra: Partial<WebhookParams> = {}): WebhookParams => ({
  policy_id: 7,
  event_type: 'PUSH_ARTIFACT',
  target: { type: 'http', address, skip_cert_verify: false, payload_format: 'Default', ...over },
  body: '{"type":"PUSH_ARTIFACT","occur_at":1,"operator":"alice"}',
  headers: { 'Content-Type': 'application/json' },
  ...extra,
});

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('webhook delivery handlers', () => {
  const received: Received[] = [];
  let failuresLeft = 0;
  const hanging = new Set<ServerResponse>();
  const app = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/slow') { hanging.add(res); return; }
      if (req.url === '/moved') { res.writeHead(302, { Location: '/ok' }).end(); return; }
      if (req.url === '/fail') { res.writeHead(500).end('receiver exploded'); return; }
      if (req.url === '/flaky' && failuresLeft > 0) { failuresLeft--; res.writeHead(503).end('try later'); return; }
      res.writeHead(req.url === '/accepted' ? 202 : 200).end('ok');
    });
  };
  const http = createServer(app);
  let https: Server;
  let plain = '';
  let secure = '';
  let closedPort = '';

  before(async () => {
    plain = `http://${await listen(http)}`;
    const cert = await generateSigningCert(undefined, { name: 'receiver', commonName: '127.0.0.1' });
    https = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, app);
    secure = `https://${await listen(https)}`;
    const spare = createServer();
    closedPort = `http://${await listen(spare)}`;
    await new Promise((r) => spare.close(r));
  });
  after(async () => {
    for (const res of hanging) res.destroy();
    await Promise.all([http, https].map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
  });

  test('an http target gets the body with its headers and Authorization; the status is logged', async () => {
    received.length = 0;
    const ctx = context('WEBHOOK', params(`${plain}/ok?token=abc`, { auth_header: 'Bearer s3cret' }, {
      headers: { 'Content-Type': 'application/cloudevents+json', 'X-Extra': 'yes' },
    }));
    await webhookHandler()(ctx);
    assert.equal(received.length, 1);
    const [r] = received;
    assert.equal(r!.method, 'POST');
    assert.equal(r!.path, '/ok?token=abc');
    assert.equal(r!.body, ctx.params.body);
    assert.equal(r!.headers['content-type'], 'application/cloudevents+json');
    assert.equal(r!.headers['x-extra'], 'yes');
    assert.equal(r!.headers.authorization, 'Bearer s3cret');
    assert.equal(r!.headers['content-length'], String(Buffer.byteLength(ctx.params.body)));
    assert.ok(ctx.lines.includes('response status: 200'), ctx.lines.join('\n'));
    assert.ok(!ctx.lines.some((l) => l.includes('token=abc') || l.includes('s3cret')), 'neither the address\'s secrets nor the credentials are logged');
    // Any 2xx is a success.
    await webhookHandler()(context('WEBHOOK', params(`${plain}/accepted`)));
  });

  test('a Slack target gets Slack\'s JSON and never an Authorization header', async () => {
    received.length = 0;
    const body = JSON.stringify({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Harbor webhook events*' } }] });
    await slackHandler()(context('SLACK', params(`${plain}/services/T/B/X`, { type: 'slack', auth_header: 'Bearer no' }, { body, headers: {} })));
    const [r] = received;
    assert.equal(r!.body, body);
    assert.equal(r!.headers['content-type'], 'application/json');
    assert.equal(r!.headers.authorization, undefined);
  });

  test('answers outside 2xx, redirects and network errors throw, so the runtime retries', async () => {
    const failing = context('WEBHOOK', params(`${plain}/fail`));
    await assert.rejects(webhookHandler()(failing), /abnormal response code: 500, body: receiver exploded/);
    assert.ok(failing.lines.includes('response status: 500'));
    await assert.rejects(webhookHandler()(context('WEBHOOK', params(`${plain}/moved`))), /abnormal response code: 302/);
    await assert.rejects(slackHandler()(context('SLACK', params(`${plain}/fail`, { type: 'slack' }))), /abnormal response code: 500/);
    const refused = context('WEBHOOK', params(`${closedPort}/ok`));
    await assert.rejects(webhookHandler()(refused), (err: Error) => !(err instanceof PermanentJobError) && /error to send request: .*ECONNREFUSED/.test(err.message));
    assert.ok(refused.lines.some((l) => l.startsWith('no answer:')));
  });

  test('a receiver that fails twice then recovers: each attempt throws until one succeeds', async () => {
    failuresLeft = 2;
    const handler = webhookHandler();
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      try {
        await handler(context('WEBHOOK', params(`${plain}/flaky`), attempt));
        outcomes.push('ok');
        break;
      } catch (err) {
        outcomes.push((err as Error).message);
      }
    }
    assert.deepEqual(outcomes, ['abnormal response code: 503, body: try later', 'abnormal response code: 503, body: try later', 'ok']);
  });

  test('a receiver that never answers is cut off at the deadline; a stop request ends the wait', async () => {
    const started = Date.now();
    await assert.rejects(webhookHandler({ timeoutMs: 300 })(context('WEBHOOK', params(`${plain}/slow`))), /no answer within 0.3 s/);
    assert.ok(Date.now() - started < 5_000);
    const stop = new AbortController();
    const pending = webhookHandler()(context('WEBHOOK', params(`${plain}/slow`), 1, stop.signal));
    setTimeout(() => stop.abort(), 100);
    await assert.rejects(pending, /stopped on request/);
  });

  test('HTTPS with a self-signed certificate: refused when verified, delivered when the target skips verification', async () => {
    received.length = 0;
    await assert.rejects(webhookHandler()(context('WEBHOOK', params(`${secure}/ok`))), /error to send request: .*(self[- ]signed|certificate)/i);
    assert.equal(received.length, 0, 'nothing reached the receiver');
    const ctx = context('WEBHOOK', params(`${secure}/ok`, { skip_cert_verify: true, auth_header: 'Basic YTpi' }));
    await webhookHandler()(ctx);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.headers.authorization, 'Basic YTpi');
    assert.ok(ctx.lines.some((l) => l.includes('certificate not verified')));
    await slackHandler()(context('SLACK', params(`${secure}/ok`, { type: 'slack', skip_cert_verify: true })));
    assert.equal(received.length, 2);
  });

  test('an address that is not a URL fails for good (no retry can fix it)', async () => {
    await assert.rejects(webhookHandler()(context('WEBHOOK', params('not a url'))), (err: Error) => err instanceof PermanentJobError);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIG_DEFAULTS } from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';
import { syslogLine } from '../audit/audit-forwarder.js';
import { decodeSetting, mergeSettings, parseEndpoint, parseSettingsUpdate } from './settings.js';

test('stored texts decode by the key\'s kind; a text that does not fit falls back to the default', () => {
  assert.equal(decodeSetting('read_only', 'true'), true);
  assert.equal(decodeSetting('read_only', 'yes'), undefined);
  assert.equal(decodeSetting('token_expiration', '45'), 45);
  assert.equal(decodeSetting('token_expiration', '4.5'), undefined);
  assert.equal(decodeSetting('robot_name_prefix', 'bot-'), 'bot-');
  const merged = mergeSettings(CONFIG_DEFAULTS, new Map([['read_only', 'true'], ['token_expiration', 'x'], ['unknown_key', '1']]));
  assert.equal(merged.read_only, true);
  assert.equal(merged.token_expiration, 30);
  assert.ok(!('unknown_key' in merged));
});

test('PUT bodies: the status Harbor gives each kind of mistake', () => {
  const status = (body: unknown) => {
    try {
      parseSettingsUpdate(body);
      return 200;
    } catch (err) {
      return (err as ApiError).status;
    }
  };
  assert.equal(status({ read_only: true, token_expiration: 10 }), 200);
  assert.equal(status(null), 400);
  assert.equal(status([]), 422);
  assert.equal(status({ read_only: 'true' }), 422);
  assert.equal(status({ nope: true }), 400);
  assert.equal(status({ nope: null }), 200);
  assert.equal(status({ session_timeout: 0 }), 400);
  assert.deepEqual(parseSettingsUpdate({ read_only: null, robot_name_prefix: 'x$' }), { robot_name_prefix: 'x$' });
});

test('audit forwarding endpoints are host:port', () => {
  assert.deepEqual(parseEndpoint('syslog.example.com:514'), { host: 'syslog.example.com', port: 514 });
  assert.deepEqual(parseEndpoint('[::1]:10514'), { host: '::1', port: 10514 });
  for (const bad of ['syslog.example.com', 'tcp://x:1', 'x:0', 'x:70000', 'a b:1']) assert.equal(parseEndpoint(bad), undefined, bad);
});

test('a forwarded event is one syslog line without line breaks in it', () => {
  const line = syslogLine({ username: 'ad"min', operation: 'create', resourceType: 'label', resource: 'a\nb', projectId: 0, clientIp: '::1', opTime: new Date(0) }, 'host1');
  assert.match(line, /^<6>\S+ host1 audit\[\d+\]: operator="ad\\"min" time="1970-01-01T00:00:00.000Z" action:create, resource:a b, resource_type:label, project_id:0, client_ip:::1\n$/);
});

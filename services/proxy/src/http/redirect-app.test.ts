import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostnameOf } from './redirect-app.js';

test('the host part of a Host header, refusing anything that is not a host name', () => {
  assert.equal(hostnameOf('harbor.example.com:8080'), 'harbor.example.com');
  assert.equal(hostnameOf('harbor'), 'harbor');
  assert.equal(hostnameOf('[::1]:8080'), '[::1]');
  assert.equal(hostnameOf('10.0.0.1'), '10.0.0.1');
  assert.equal(hostnameOf(undefined), undefined);
  assert.equal(hostnameOf('evil.example/path'), undefined);
  assert.equal(hostnameOf('a b'), undefined);
  assert.equal(hostnameOf('-bad.example'), undefined);
});

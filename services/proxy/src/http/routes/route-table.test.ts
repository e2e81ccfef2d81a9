import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute } from './route-table.js';

test('each path goes where Harbor nginx sends it', () => {
  const cases: Array<[string, string]> = [
    ['/v2', 'registry'], ['/v2/', 'registry'], ['/v2/_catalog', 'registry'], ['/v2x', 'portal'],
    ['/api/v2.0/users', 'core'], ['/api', 'portal'], ['/c/login', 'core'], ['/service/token', 'core'],
    ['/chartrepo/x/index.yaml', 'core'], ['/v1/', 'gone'], ['/v1/_ping', 'gone'], ['/v1', 'portal'],
    ['/', 'portal'], ['/harbor/projects', 'portal'], ['//v2/', 'registry'], ['//api//x', 'core'],
  ];
  for (const [path, target] of cases) assert.equal(matchRoute(path).target, target, path);
});

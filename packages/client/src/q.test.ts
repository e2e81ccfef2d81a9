import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildQ, buildSort } from './q.js';
import { queryString } from './http.js';

test('q terms: exact, fuzzy and ranges; empty terms left out; commas cannot split a term', () => {
  assert.equal(buildQ({ name: { kind: 'fuzzy', value: 'nginx' }, public: { kind: 'exact', value: true } }), 'name=~nginx,public=true');
  assert.equal(buildQ({ op_time: { kind: 'range', min: '2026-01-01 00:00:00', max: '2026-02-01 00:00:00' } }), 'op_time=[2026-01-01 00:00:00~2026-02-01 00:00:00]');
  assert.equal(buildQ({ op_time: { kind: 'range', min: '2026-01-01 00:00:00' } }), 'op_time=[2026-01-01 00:00:00~]');
  assert.equal(buildQ({ name: { kind: 'fuzzy', value: '  ' }, tags: undefined }), undefined);
  assert.equal(buildQ({ name: { kind: 'fuzzy', value: 'a,public=true' } }), 'name=~a public=true');
});

test('sort and query strings', () => {
  assert.equal(buildSort('name', false), 'name');
  assert.equal(buildSort('creation_time', true), '-creation_time');
  assert.equal(buildSort(undefined, true), undefined);
  assert.equal(queryString({ page: 2, q: 'name=~a b', empty: '', none: undefined }), '?page=2&q=name%3D%7Ea+b');
  assert.equal(queryString({}), '');
});

// Data hooks shared by every screen: one async load with reload, and a server-side paged list (page,
// page size, sort, filter) whose state lives in the URL so back/forward and shared links keep it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Page } from '@harbor/client';
import { messageOf } from './api.js';

export interface AsyncState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: string | null; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (err: unknown) => live && setState({ data: undefined, error: messageOf(err), loading: false }),
    );
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export interface ListParams {
  page: number;
  pageSize: number;
  /** Column name, `-` prefixed when descending (Harbor's `sort`). */
  sort: string;
  filter: string;
}

export interface ListState<T> extends AsyncState<Page<T>> {
  params: ListParams;
  setPage: (page: number) => void;
  setPageSize: (size: number) => void;
  setSort: (sort: string) => void;
  setFilter: (filter: string) => void;
}

/**
 * A paged list loaded by `load(params)`. `prefix` keeps two lists on one page apart in the URL.
 * Filter changes are debounced (250 ms) and go back to page 1.
 */
export function useList<T>(load: (p: ListParams) => Promise<Page<T>>, deps: unknown[], opts: { prefix?: string; pageSize?: number; sort?: string } = {}): ListState<T> {
  const [search, setSearch] = useSearchParams();
  const key = (k: string) => `${opts.prefix ?? ''}${k}`;
  const params: ListParams = {
    page: Math.max(1, Number(search.get(key('page'))) || 1),
    pageSize: Number(search.get(key('size'))) || opts.pageSize || 15,
    sort: search.get(key('sort')) ?? opts.sort ?? '',
    filter: search.get(key('filter')) ?? '',
  };
  const [debounced, setDebounced] = useState(params.filter);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setDebounced(params.filter), 250);
    return () => { if (timer.current) clearTimeout(timer.current); };
  }, [params.filter]);
  const state = useAsync(() => load({ ...params, filter: debounced }), [...deps, params.page, params.pageSize, params.sort, debounced]);
  const update = (changes: Record<string, string | null>) => {
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(key(k));
        else next.set(key(k), v);
      }
      return next;
    }, { replace: true });
  };
  return {
    ...state,
    params,
    setPage: (page) => update({ page: page <= 1 ? null : String(page) }),
    setPageSize: (size) => update({ size: String(size), page: null }),
    setSort: (sort) => update({ sort, page: null }),
    setFilter: (filter) => update({ filter, page: null }),
  };
}

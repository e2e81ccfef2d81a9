// The process environment every service of the suite runs with, whoever starts it: `npm start`
// (start.mjs) and the test kit take it from here, the images set the same in their Dockerfiles (a test
// keeps them equal). A variable the operator has set wins.
//
// GLIBC_TUNABLES: glibc's malloc hands the free top of its heap back to the kernel once it exceeds
// trim_threshold, 128 KiB until the process happens to free a large mapping (glibc then raises it by
// itself). Node.js reads every socket into a fresh 64 KiB buffer that is freed a garbage collection
// later, so a process streaming a blob under the default gives those pages back and faults them in again,
// one fault per 4 KiB page: measured on the proxy, about four times the CPU per byte, in some processes
// and not others depending on what they allocated before. A fixed 64 MiB threshold keeps the pages; a
// 1 MiB mmap threshold keeps mid-sized buffers on the heap as glibc's own adjustment would.
export const RUNTIME_ENV = Object.freeze({
  GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=67108864:glibc.malloc.mmap_threshold=1048576',
});

/** `env` with the runtime variables it does not set itself. */
export function withRuntimeEnv(env) {
  const out = { ...env };
  for (const [k, v] of Object.entries(RUNTIME_ENV)) if (out[k] === undefined || out[k] === '') out[k] = v;
  return out;
}

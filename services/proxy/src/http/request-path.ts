// The raw path of a request target, without its query and without any decoding: routing and logging look
// at exactly the bytes the upstream will receive.
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

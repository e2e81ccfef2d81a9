// The raw path of a request target, without its query and without any decoding: routing and logging look
// at exactly the bytes the upstream will receive. A request without a target (never from Node's parser) is `/`.
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

// Doublestar patterns exactly as Harbor evaluates them (it calls github.com/bmatcuk/doublestar v1's
// Match with `/` as the separator). Pattern and name are split on unescaped `/` and matched component by
// component: a component that is exactly `**` matches zero or more whole components; inside a component
// `*` matches any run of characters and `?` one character (neither crosses `/`), `[a-z]` / `[^a-z]` is a
// class, `{a,b}` alternatives (not nested), `\x` a literal x. A trailing `/**` needs at least one more
// component (`a/**` does not match `a`), and `**` inside a component (`a**`) is a plain `*`. Common glob
// libraries differ on several of these points (`a/**` against `a`, `[!…]`, nested braces, ranges like
// `{1..3}`, dot files), hence this small implementation.

/** A malformed pattern (unclosed `[` or `{`, an empty class, a dangling `\`, a bad range). */
export class BadPatternError extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(`invalid pattern ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'BadPatternError';
  }
}

type Runes = readonly string[];

const runes = (s: string): string[] => Array.from(s);

/** Index of the first `ch` not directly preceded by a backslash, or -1 (doublestar's indexRuneWithEscaping). */
function indexWithEscaping(s: Runes, ch: string, from = 0): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === ch && !(i > from && s[i - 1] === '\\')) return i;
  }
  return -1;
}

/** Splits on unescaped `sep`; a trailing separator yields a last, empty part. */
function split(s: Runes, sep: string): string[][] {
  if (!s.includes(sep)) return [[...s]];
  const parts: string[][] = [];
  let start = 0;
  let endedOnSeparator = false;
  while (start < s.length) {
    let end = indexWithEscaping(s, sep, start);
    endedOnSeparator = end !== -1;
    if (end === -1) end = s.length;
    parts.push(s.slice(start, end));
    start = end + 1;
  }
  if (endedOnSeparator) parts.push([]);
  return parts;
}

class Malformed extends Error {}

const code = (r: string) => r.codePointAt(0)!;

/** One pattern component against one name component; throws Malformed on bad syntax it reaches. */
function matchComponent(p: Runes, n: Runes): boolean {
  if (p.length === 0) return n.length === 0;
  if (n.length === 0 && !(p.length === 1 && p[0] === '*')) return false;
  let pi = 0;
  let ni = 0;
  while (pi < p.length && ni < n.length) {
    const pr = p[pi];
    const nr = n[ni];
    if (pr === '\\') {
      pi++;
      if (pi >= p.length) throw new Malformed('a dangling escape');
      if (p[pi] !== nr) return false;
      pi++;
      ni++;
    } else if (pr === '*') {
      pi++;
      if (pi >= p.length) return true;
      // doublestar ignores errors of the attempts here: a malformed rest simply does not match
      for (; ni < n.length; ni++) if (quietly(() => matchComponent(p.slice(pi), n.slice(ni)))) return true;
      return false;
    } else if (pr === '[') {
      pi++;
      const end = indexWithEscaping(p, ']', pi);
      if (end === -1) throw new Malformed('an unclosed character class');
      if (!classMatches(p.slice(pi, end), code(nr))) return false;
      pi = end + 1;
      ni++;
    } else if (pr === '{') {
      pi++;
      const end = indexWithEscaping(p, '}', pi);
      if (end === -1) throw new Malformed('unclosed alternatives');
      const rest = p.slice(end + 1);
      for (const option of split(p.slice(pi, end), ',')) {
        if (matchComponent([...option, ...rest], n.slice(ni))) return true;
      }
      return false;
    } else if (pr === '?' || pr === nr) {
      pi++;
      ni++;
    } else {
      return false;
    }
  }
  if (pi >= p.length && ni >= n.length) return true;
  const rest = p.slice(pi).join('');
  return ni >= n.length && (rest === '*' || rest === '**');
}

/** `[…]` contents against one character; `^` first negates. */
function classMatches(cls: Runes, c: number): boolean {
  if (cls.length === 0) throw new Malformed('an empty character class');
  const negated = cls[0] === '^';
  let i = negated ? 1 : 0;
  let matched = false;
  const next = (): string => {
    let r = cls[i++];
    if (r === '-') throw new Malformed('a bad range in a character class');
    if (r === '\\') {
      if (i >= cls.length) throw new Malformed('a dangling escape in a character class');
      r = cls[i++];
    }
    return r;
  };
  while (i < cls.length) {
    const low = next();
    let high = low;
    if (i < cls.length && cls[i] === '-') {
      i++;
      if (i >= cls.length) throw new Malformed('a bad range in a character class');
      high = next();
    }
    if (code(low) <= c && c <= code(high)) matched = true;
  }
  return matched !== negated;
}

function quietly(fn: () => boolean): boolean {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Malformed) return false;
    throw err;
  }
}

function matchComponents(pattern: string[][], name: string[][]): boolean {
  if (pattern.length === 0 || name.length === 0) return pattern.length === name.length;
  let pi = 0;
  let ni = 0;
  while (pi < pattern.length && ni < name.length) {
    if (pattern[pi].length === 2 && pattern[pi][0] === '*' && pattern[pi][1] === '*') {
      pi++;
      if (pi >= pattern.length) return true;
      for (; ni < name.length; ni++) if (quietly(() => matchComponents(pattern.slice(pi), name.slice(ni)))) return true;
      return false;
    }
    if (!matchComponent(pattern[pi], name[ni])) return false;
    pi++;
    ni++;
  }
  return pi >= pattern.length && ni >= name.length;
}

/**
 * Whether `name` matches `pattern`, as Harbor's doublestar selector decides it: an empty pattern matches
 * everything. Throws BadPatternError when matching reaches malformed syntax.
 */
export function doublestarMatch(pattern: string, name: string): boolean {
  if (pattern === '') return true;
  try {
    return matchComponents(split(runes(pattern), '/'), split(runes(name), '/'));
  } catch (err) {
    if (err instanceof Malformed) throw new BadPatternError(pattern, err.message);
    throw err;
  }
}

/**
 * Why the pattern is malformed, or null when it is well formed. Stricter than matching, which only
 * notices the syntax it reaches: a rule is checked once, when it is saved.
 */
export function patternError(pattern: string): string | null {
  try {
    for (const component of split(runes(pattern), '/')) checkComponent(component);
    return null;
  } catch (err) {
    if (err instanceof Malformed) return new BadPatternError(pattern, err.message).message;
    throw err;
  }
}

function checkComponent(p: Runes): void {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      if (++i >= p.length) throw new Malformed('a dangling escape');
    } else if (p[i] === '[') {
      const end = indexWithEscaping(p, ']', i + 1);
      if (end === -1) throw new Malformed('an unclosed character class');
      classMatches(p.slice(i + 1, end), 0);
      i = end;
    } else if (p[i] === '{') {
      const end = indexWithEscaping(p, '}', i + 1);
      if (end === -1) throw new Malformed('unclosed alternatives');
      for (const option of split(p.slice(i + 1, end), ',')) checkComponent(option);
      i = end;
    }
  }
}

/**
 * Shell words as bash reads them: quoting (`'…'`, `"…"`, `$'…'`, backslashes) removed, with each character's
 * place in the script kept, and the expansions that make a word's text known only when the script runs.
 * The command structure around the words (separators, redirections, heredocs) is read by `embeddedPython`.
 */

export interface Word {
  /** Text after quote removal; expansions are kept as written. */
  value: string;
  /** For each character of `value`, its index in the scanned text. */
  map: number[];
  start: number;
  end: number;
  quoted: boolean;
  /** Why the shell or GitHub rewrites the word before the command sees it, if it does. */
  rewritten?: string;
  /** A redirection operator's target or fd number, not an argument. */
  redirect?: boolean;
}

/** The word reader of a scanner of shell text: the scanner reads the commands, this class the words in them. */
export abstract class ShellWordReader {
  protected i = 0;
  /** The closing characters of the `$(…)` / backquotes the cursor is in, innermost last. */
  protected readonly terminators: (')' | '`')[] = [];

  constructor(protected readonly src: string) {}

  /** `(…)`, `$(…)`, backquotes at the cursor: a command list of its own, up to `terminator`. */
  protected abstract nested(terminator: ')' | '`'): void;

  /** One shell word at the cursor (quotes may span lines); `$(…)` and backquotes in it are scanned too. */
  protected word(): Word | undefined {
    const src = this.src;
    const n = src.length;
    const start = this.i;
    let value = '';
    // Where the value's characters are in the text, as runs (see ShellWord): most words never need their map.
    const runs: number[] = [];
    let keptUpTo = -1;
    let quoted = false;
    let rewritten: string | undefined;
    const keep = (from: number, to: number) => {
      if (from === to) return;
      if (from !== keptUpTo) runs.push(value.length, from);
      value += src.slice(from, to);
      keptUpTo = to;
    };
    const expansion = (from: number, what: string) => {
      rewritten ??= what;
      keep(from, this.i);
    };
    /** `$…` at the cursor, in or out of double quotes; false when the `$` is literal. */
    const dollar = (inDoubleQuotes: boolean): boolean => {
      const from = this.i;
      const next = src[this.i + 1];
      if (next === '{' && src[this.i + 2] === '{') {
        // a GitHub expression, replaced before the shell runs: opaque text
        const close = src.indexOf('}}', this.i + 3);
        this.i = close < 0 ? n : close + 2;
        keep(from, this.i);
        return true;
      }
      if (next === '(' && src[this.i + 2] === '(') {
        this.i = skipBalanced(src, this.i + 1, '(', ')');
        expansion(from, 'holds an arithmetic expansion $((…))');
      } else if (next === '(') {
        this.i += 2;
        this.nested(')');
        expansion(from, 'holds a command substitution $(…)');
      } else if (next === '{') {
        this.i = skipBalanced(src, this.i + 1, '{', '}');
        expansion(from, 'holds a parameter expansion ${…}');
      } else if (next !== undefined && /[A-Za-z_0-9@*#?$!-]/.test(next)) {
        this.i += 2;
        if (/[A-Za-z_]/.test(next)) while (this.i < n && /[A-Za-z_0-9]/.test(src[this.i])) this.i++;
        expansion(from, `holds the variable ${src.slice(from, this.i)}`);
      } else if (!inDoubleQuotes && next === "'") {
        const decoded = this.ansiC();
        decoded.map.forEach((at, j) => runs.push(value.length + j, at));
        value += decoded.value;
        keptUpTo = -1;
        quoted = true;
        return true;
      } else if (!inDoubleQuotes && next === '"') {
        this.i++; // $"…" is a double-quoted string
        return true;
      } else {
        return false;
      }
      return true;
    };
    while (this.i < n) {
      const c = src[this.i];
      if (c === "'") {
        quoted = true;
        const close = src.indexOf("'", this.i + 1);
        const end = close < 0 ? n : close;
        keep(this.i + 1, end);
        this.i = close < 0 ? n : close + 1;
      } else if (c === '"') {
        quoted = true;
        this.i++;
        while (this.i < n && src[this.i] !== '"') {
          const d = src[this.i];
          if (d === '\\' && this.i + 1 < n) {
            const e = src[this.i + 1];
            if (e === '"' || e === '\\' || e === '$' || e === '`') keep(this.i + 1, this.i + 2);
            else if (e !== '\n') keep(this.i, this.i + 2);
            this.i += 2;
          } else if (d === '$' && dollar(true)) {
            continue;
          } else if (d === '`') {
            const from = this.i;
            this.i++;
            this.nested('`');
            expansion(from, 'holds a command substitution `…`');
          } else {
            const end = runEnd(src, this.i, inDoubleQuotes);
            keep(this.i, end);
            this.i = end;
          }
        }
        this.i++;
      } else if (c === '\\') {
        quoted = true;
        if (this.i + 1 < n && src[this.i + 1] !== '\n') keep(this.i + 1, this.i + 2);
        this.i += 2;
      } else if (c === '$' && dollar(false)) {
        continue;
      } else if (c === '`' && this.terminators[this.terminators.length - 1] !== '`') {
        const from = this.i;
        this.i++;
        this.nested('`');
        expansion(from, 'holds a command substitution `…`');
      } else if (' \t\n\r;&|()<>`'.includes(c)) {
        break;
      } else {
        const end = runEnd(src, this.i, unquoted);
        keep(this.i, end);
        this.i = end;
      }
    }
    this.i = Math.min(this.i, n);
    if (this.i === start) return undefined;
    return new ShellWord(value, runs, start, this.i, quoted, rewritten);
  }

  /** `$'…'` at the cursor: the C-style escapes bash decodes. */
  private ansiC(): { value: string; map: number[] } {
    const src = this.src;
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', '?': '?' };
    let value = '';
    const map: number[] = [];
    this.i += 2;
    while (this.i < src.length && src[this.i] !== "'") {
      if (src[this.i] === '\\' && escapes[src[this.i + 1]] !== undefined) {
        value += escapes[src[this.i + 1]];
        map.push(this.i);
        this.i += 2;
      } else {
        value += src[this.i];
        map.push(this.i);
        this.i++;
      }
    }
    this.i++;
    return { value, map };
  }
}

/** A word as `word` reads it: the map of its characters to the text is built from runs, when first asked for. */
class ShellWord implements Word {
  redirect?: boolean;
  private mapCache?: number[];

  constructor(
    readonly value: string,
    /** (value offset, text offset) pairs, each run lasting until the next one's value offset. */
    private readonly runs: number[],
    readonly start: number,
    readonly end: number,
    readonly quoted: boolean,
    readonly rewritten: string | undefined,
  ) {}

  get map(): number[] {
    if (this.mapCache) return this.mapCache;
    const map: number[] = [];
    const runs = this.runs;
    for (let r = 0; r < runs.length; r += 2) {
      const end = r + 2 < runs.length ? runs[r + 2] : this.value.length;
      for (let j = runs[r], at = runs[r + 1]; j < end; j++, at++) map.push(at);
    }
    return (this.mapCache = map);
  }
}

/** Per ASCII code, whether it ends a run of characters a word takes as they are: outside quotes, and inside double quotes. */
const unquoted = charSet(`'"\\$\` \t\n\r;&|()<>`);
const inDoubleQuotes = charSet('"\\$`');

function charSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (const ch of chars) set[ch.charCodeAt(0)] = 1;
  return set;
}

/** The end of the run of literal characters from `from` (which is one): words are kept a run at a time, not a character at a time. */
function runEnd(src: string, from: number, stops: Uint8Array): number {
  let end = from + 1;
  for (let code = src.charCodeAt(end); end < src.length && (code >= 128 || stops[code] === 0); code = src.charCodeAt(++end));
  return end;
}

export /** Index just past the bracket closing the one at `open`, counting nested pairs and skipping quotes. */
function skipBalanced(src: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let k = open; k < src.length; k++) {
    const c = src[k];
    if (c === '\\') k++;
    else if (c === "'" && left !== '{') k = src.indexOf("'", k + 1) < 0 ? src.length : src.indexOf("'", k + 1);
    else if (c === left) depth++;
    else if (c === right && --depth === 0) return k + 1;
  }
  return src.length;
}

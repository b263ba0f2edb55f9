/**
 * Layer 1 of the Python check: what CPython's tokenizer rejects by itself, and the logical lines (with their
 * indentation) that the other layers and the indentation rules read.
 */
import { LineIndex } from '../../text/lineIndex';

/** A problem at an absolute UTF-16 offset of the source. */
export interface Problem {
  pos: number;
  message: string;
}

export interface ParseProblem extends Problem {
  unexpectedIndent?: boolean;
}

export function lineColumn(source: string, pos: number): { line: number; column: number } {
  const { line, character } = new LineIndex(source).positionAt(pos);
  return { line: line + 1, column: character };
}

export interface LogicalLine {
  /** Offset of the first token. */
  pos: number;
  /** Offset of the first character of the physical line. */
  lineStart: number;
  indent: 'same' | 'indent' | 'dedent';
  /** Texts of the first two tokens (keywords / identifiers / operators). */
  first: string[];
  /** Text of the last token ('STRING' / 'NUMBER' for literals). */
  last: string;
  /** Offset just after the last token. */
  lastEnd: number;
  /** Offsets of `as` keywords, and of the first `:` outside brackets. */
  asPositions: number[];
  colon?: number;
}

interface ScanError extends Problem {
  /** 'indent': inconsistent dedent or tabs (reported only if the parser gets there). */
  kind: 'lex' | 'indent';
}

export interface ScanResult {
  error?: ScanError;
  /** Innermost bracket still open at the end of the source. */
  unclosed?: Problem;
  logicalLines: LogicalLine[];
  /** First string literal CPython cannot decode (a parser-stage error). */
  stringProblem?: Problem;
  /** Offsets of the dot of floats written `1.` (no fraction, no exponent). */
  floatDots: number[];
  /** Offsets of backslashes before `{` / `}` in f-strings: literal for CPython, an escape of the brace for Lezer. */
  fstringBraceBackslashes: number[];
  /**
   * What the grammar need not read, [from, to) in increasing order: blank and comment-only lines between
   * statements with their line break, the text between the quotes of string literals other than
   * f-strings, and the literal text of f-strings between their replacement fields (only the scanner
   * reads that text).
   */
  unparsed: [number, number][];
}

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf']);
const CLOSER_OF: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const TAB_SIZE = 8;

export function isNewlineChar(c: string): boolean {
  return c === '\n' || c === '\r';
}

function isAsciiIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

// Single code point classification (Unicode properties), not syntax judgement.
const ID_START = /^\p{XID_Start}$/u;
const ID_CONTINUE = /^\p{XID_Continue}$/u;
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function invalidCharacterMessage(ch: string): string {
  const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return NON_PRINTABLE.test(ch) ? `invalid non-printable character U+${code}` : `invalid character '${ch}' (U+${code})`;
}

export function scanSource(src: string): ScanResult {
  const n = src.length;
  const logicalLines: LogicalLine[] = [];
  const brackets: { ch: string; pos: number; line: number }[] = [];
  const indents = [0];
  const altIndents = [0];
  let line = 1; // 1-based physical line of `i`
  let lineStart = 0;
  let i = 0;
  let atLineStart = true;
  let continuation = false;
  let current: LogicalLine | undefined;

  let stringProblem: Problem | undefined;
  const floatDots: number[] = [];
  const fstringBraceBackslashes: number[] = [];
  const unparsed: [number, number][] = [];
  const fail = (pos: number, message: string, kind: ScanError['kind'] = 'lex'): ScanResult => ({
    error: { pos, message, kind },
    logicalLines,
    stringProblem,
    floatDots,
    fstringBraceBackslashes,
    unparsed,
  });
  const newline = (): void => {
    // consume one line break at i
    if (src[i] === '\r' && src[i + 1] === '\n') i += 2;
    else i += 1;
    line++;
    lineStart = i;
    atLineStart = true;
  };
  const token = (start: number, end: number, text: string): void => {
    if (!current) {
      current = { pos: start, lineStart, indent: 'same', first: [], last: '', lastEnd: end, asPositions: [] };
      logicalLines.push(current);
    }
    if (current.first.length < 2) current.first.push(text);
    if (text === 'as') current.asPositions.push(start);
    if (text === ':' && brackets.length === 0 && current.colon === undefined) current.colon = start;
    current.last = text;
    current.lastEnd = end;
  };
  /** A string literal from `start` (its prefix, if any) whose quote is at `i`: scanned, lines counted, tokenised. */
  const stringToken = (start: number): ScanResult | undefined => {
    const r = scanString(src, start, i, line);
    if ('message' in r) return fail(r.pos, r.message);
    stringProblem ??= stringLiteralProblem(src, start, r.end);
    const quotes = src[i + 1] === src[i] && src[i + 2] === src[i] ? 3 : 1;
    if (/f/i.test(src.slice(start, i))) {
      for (let k = i + 1; k < r.end - 1; k++) {
        if (src[k] !== '\\') continue;
        if (src[k + 1] === '{' || src[k + 1] === '}') fstringBraceBackslashes.push(k);
        else k++;
      }
      for (const run of fstringLiteralRuns(src, i + quotes, r.end - quotes)) unparsed.push(run);
    } else if (r.end - quotes > i + quotes) unparsed.push([i + quotes, r.end - quotes]);
    i = r.end;
    line += r.lines;
    if (r.lines > 0) lineStart = r.lastLineStart;
    token(start, i, 'STRING');
    return undefined;
  };

  let pendingIndent: LogicalLine['indent'] = 'same';
  while (i <= n) {
    if (atLineStart) {
      atLineStart = false;
      if (brackets.length === 0 && !continuation) {
        // Measure the indentation of a new logical line.
        let col = 0;
        let altCol = 0;
        let j = i;
        for (; j < n; j++) {
          const c = src[j];
          if (c === ' ') {
            col++;
            altCol++;
          } else if (c === '\t') {
            col = (Math.floor(col / TAB_SIZE) + 1) * TAB_SIZE;
            altCol++;
          } else if (c === '\f') {
            col = 0;
            altCol = 0;
          } else break;
        }
        const c = j < n ? src[j] : '';
        const blank = c === '' || c === '#' || isNewlineChar(c);
        if (blank) {
          let end = j;
          while (end < n && !isNewlineChar(src[end])) end++;
          if (src[end] === '\r' && src[end + 1] === '\n') end += 2;
          else if (end < n) end += 1;
          if (i < n) unparsed.push([i, end]);
        } else {
          const top = indents.length - 1;
          if (col === indents[top]) {
            if (altCol !== altIndents[top]) return fail(j, 'inconsistent use of tabs and spaces in indentation', 'indent');
            pendingIndent = 'same';
          } else if (col > indents[top]) {
            if (altCol <= altIndents[top]) return fail(j, 'inconsistent use of tabs and spaces in indentation', 'indent');
            indents.push(col);
            altIndents.push(altCol);
            pendingIndent = 'indent';
          } else {
            while (indents.length > 1 && col < indents[indents.length - 1]) {
              indents.pop();
              altIndents.pop();
            }
            if (col !== indents[indents.length - 1]) {
              return fail(j, 'unindent does not match any outer indentation level', 'indent');
            }
            if (altCol !== altIndents[altIndents.length - 1]) {
              return fail(j, 'inconsistent use of tabs and spaces in indentation', 'indent');
            }
            pendingIndent = 'dedent';
          }
        }
        i = j;
      }
      continuation = false;
    }
    if (i >= n) break;
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && !isNewlineChar(src[i])) i++;
      continue;
    }
    if (isNewlineChar(c)) {
      if (brackets.length === 0) current = undefined;
      newline();
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= n) return fail(n, 'unexpected EOF while parsing');
      if (!isNewlineChar(src[i + 1])) return fail(i + 1, 'unexpected character after line continuation character');
      i++;
      newline();
      continuation = true;
      if (i >= n) return fail(n, 'unexpected EOF while parsing');
      continue;
    }
    // Starting a token: attach the pending indentation change to a new logical line.
    if (!current) {
      current = { pos: i, lineStart, indent: pendingIndent, first: [], last: '', lastEnd: i, asPositions: [] };
      logicalLines.push(current);
      pendingIndent = 'same';
    }
    const start = i;
    // Identifiers, keywords and string prefixes.
    const cp = src.codePointAt(i) ?? 0;
    if (isAsciiIdentStart(c) || (cp >= 128 && ID_START.test(String.fromCodePoint(cp)))) {
      i += cp > 0xffff ? 2 : 1;
      while (i < n) {
        // By code, not by one-character string: names are most of a script's tokens.
        const code = src.charCodeAt(i);
        if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code >= 48 && code <= 57)) {
          i++;
          continue;
        }
        if (code < 128) break;
        const dcp = src.codePointAt(i) ?? 0;
        const dch = String.fromCodePoint(dcp);
        if (!ID_CONTINUE.test(dch)) {
          if (NON_PRINTABLE.test(dch) || !ID_START.test(dch)) return fail(i, invalidCharacterMessage(dch));
        }
        i += dch.length;
      }
      const word = src.slice(start, i);
      if ((src[i] === '"' || src[i] === "'") && STRING_PREFIXES.has(word.toLowerCase())) {
        const failed = stringToken(start);
        if (failed) return failed;
        continue;
      }
      token(start, i, word);
      continue;
    }
    if (c === '"' || c === "'") {
      const failed = stringToken(start);
      if (failed) return failed;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      // Numbers are consumed loosely; their exact form is left to the grammar.
      i++;
      while (i < n) {
        const d = src[i];
        if (isDigit(d) || isAsciiIdentStart(d) || d === '.') {
          i++;
        } else if ((d === '+' || d === '-') && (src[i - 1] === 'e' || src[i - 1] === 'E') && !src.slice(start, i).toLowerCase().startsWith('0x')) {
          i++;
        } else break;
      }
      const numberError = decimalLiteralProblem(src.slice(start, i));
      if (numberError) return fail(start, numberError);
      // `1.` is a float; Lezer reads it as an attribute access, so it gets `1 `.
      if (src[i - 1] === '.' && src.indexOf('.', start) === i - 1 && isDigit(src[start])) floatDots.push(i - 1);
      token(start, i, 'NUMBER');
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      brackets.push({ ch: c, pos: i, line });
      i++;
      token(start, i, c);
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      const open = brackets.pop();
      if (!open) return fail(i, `unmatched '${c}'`);
      if (CLOSER_OF[open.ch] !== c) {
        const where = open.line !== line ? ` on line ${open.line}` : '';
        return fail(i, `closing parenthesis '${c}' does not match opening parenthesis '${open.ch}'${where}`);
      }
      i++;
      token(start, i, c);
      continue;
    }
    if (cp >= 128) {
      return fail(i, invalidCharacterMessage(String.fromCodePoint(cp)));
    }
    // Operators and other ASCII punctuation: only ':' vs ':=' matters here.
    if (c === ':' && src[i + 1] === '=') {
      i += 2;
      token(start, i, ':=');
      continue;
    }
    i++;
    token(start, i, c);
  }
  if (continuation) return fail(n, 'unexpected EOF while parsing');
  const open = brackets[brackets.length - 1];
  const unclosed = open ? { pos: open.pos, message: `'${open.ch}' was never closed` } : undefined;
  return { unclosed, logicalLines, stringProblem, floatDots, fstringBraceBackslashes, unparsed };
}

/**
 * The decimal-literal errors CPython's tokenizer raises that Lezer lets
 * through: leading zeros (`0777`) and misplaced underscores (`1_`, `1__0`).
 * Other malformed numbers (`1abc`, `0b2`) are rejected by the grammar.
 */
function decimalLiteralProblem(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (lower.startsWith('0x') || lower.startsWith('0o') || lower.startsWith('0b')) return undefined;
  let allDigits = true;
  let nonZero = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '_') {
      if (!isDigit(text[k - 1] ?? '') || !isDigit(text[k + 1] ?? '')) return 'invalid decimal literal';
    } else if (!isDigit(c)) allDigits = false;
    else if (c !== '0') nonZero = true;
  }
  if (allDigits && text[0] === '0' && nonZero) {
    return 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers';
  }
  return undefined;
}

type StringScan = { end: number; lines: number; lastLineStart: number } | Problem;

function isHexDigit(c: string | undefined): boolean {
  return c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

/**
 * The literal text of an f-string's body [from, to) that the grammar need not read: the runs between
 * replacement fields that hold no brace, backslash or quote. None when a field cannot be delimited here
 * (a brace left open, a backslash inside it): the grammar then reads the whole body.
 */
function fstringLiteralRuns(src: string, from: number, to: number): [number, number][] {
  const runs: [number, number][] = [];
  let runStart = from;
  let k = from;
  const skip = (next: number): void => {
    if (k > runStart) runs.push([runStart, k]);
    k = next;
    runStart = next;
  };
  while (k < to) {
    const c = src[k];
    if ((c === '{' || c === '}') && src[k + 1] === c) skip(k + 2);
    // Before a brace a backslash is literal for CPython and the brace is what it is.
    else if (c === '\\') skip(src[k + 1] === '{' || src[k + 1] === '}' ? k + 1 : k + 2);
    else if (c === '"' || c === "'" || c === '}') skip(k + 1);
    else if (c === '{') {
      const end = replacementFieldEnd(src, k, to);
      if (end === undefined) return [];
      skip(end);
    } else k++;
  }
  skip(to);
  return runs;
}

/** The offset after the `}` closing the replacement field that `{` opens at `open` (brackets nested, quoted text skipped). */
function replacementFieldEnd(src: string, open: number, to: number): number | undefined {
  let depth = 0;
  for (let k = open; k < to; k++) {
    const c = src[k];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) return c === '}' ? k + 1 : undefined;
    } else if (c === '"' || c === "'") {
      const close = src.indexOf(c, k + 1);
      if (close === -1 || close >= to) return undefined;
      k = close;
    } else if (c === '\\') return undefined;
  }
  return undefined;
}

/** Scan a string literal whose quote is at `quoteAt` (prefix starts at `start`). */
function scanString(src: string, start: number, quoteAt: number, line: number): StringScan {
  const n = src.length;
  const q = src[quoteAt];
  const triple = src[quoteAt + 1] === q && src[quoteAt + 2] === q;
  let i = quoteAt + (triple ? 3 : 1);
  let lines = 0;
  let lastLineStart = 0;
  const breakLine = (): void => {
    if (src[i] === '\r' && src[i + 1] === '\n') i += 2;
    else i += 1;
    lines++;
    lastLineStart = i;
  };
  for (;;) {
    if (i >= n) {
      // a final line break does not start a new line for CPython's count
      const detected = line + lines - (lines > 0 && i === lastLineStart ? 1 : 0);
      return triple
        ? { pos: start, message: `unterminated triple-quoted string literal (detected at line ${detected})` }
        : { pos: start, message: `unterminated string literal (detected at line ${detected})` };
    }
    const c = src[i];
    if (c === '\\') {
      i++;
      if (i < n && isNewlineChar(src[i])) breakLine();
      else if (i < n) i++;
      continue;
    }
    if (isNewlineChar(c)) {
      if (!triple) return { pos: start, message: `unterminated string literal (detected at line ${line + lines})` };
      breakLine();
      continue;
    }
    if (c === q) {
      if (!triple) return { end: i + 1, lines, lastLineStart };
      if (src[i + 1] === q && src[i + 2] === q) return { end: i + 3, lines, lastLineStart };
    }
    i++;
  }
}

/**
 * Errors CPython raises while decoding a (lexically complete) string literal:
 * truncated `\x` / `\u` / `\U` escapes, malformed `\N{...}`, non-ASCII bytes.
 */
function stringLiteralProblem(src: string, start: number, end: number): Problem | undefined {
  let p = start;
  let prefix = '';
  while (p < end && src[p] !== '"' && src[p] !== "'") prefix += src[p++].toLowerCase();
  const raw = prefix.includes('r');
  const bytes = prefix.includes('b');
  const q = src[p];
  const quoteLen = src[p + 1] === q && src[p + 2] === q && end - p >= 6 ? 3 : 1;
  const from = p + quoteLen;
  const to = end - quoteLen;
  const unicodeError = (what: string): Problem => ({
    pos: start,
    message: `(unicode error) 'unicodeescape' codec can't decode bytes: ${what}`,
  });
  for (let i = from; i < to; i++) {
    const c = src[i];
    if (bytes && c.charCodeAt(0) > 127) return { pos: start, message: 'bytes can only contain ASCII literal characters' };
    if (c !== '\\' || raw) {
      if (c === '\\') i++;
      continue;
    }
    const e = src[i + 1];
    const hexRun = (count: number): boolean => {
      for (let k = 0; k < count; k++) if (i + 2 + k >= to || !isHexDigit(src[i + 2 + k])) return false;
      return true;
    };
    if (e === 'x') {
      if (!hexRun(2)) return bytes ? { pos: start, message: `(value error) invalid \\x escape at position ${i - from}` } : unicodeError('truncated \\xXX escape');
      i += 3;
    } else if (!bytes && e === 'u') {
      if (!hexRun(4)) return unicodeError('truncated \\uXXXX escape');
      i += 5;
    } else if (!bytes && e === 'U') {
      if (!hexRun(8)) return unicodeError('truncated \\UXXXXXXXX escape');
      if (parseInt(src.slice(i + 2, i + 10), 16) > 0x10ffff) return unicodeError('illegal Unicode character');
      i += 9;
    } else if (!bytes && e === 'N') {
      const close = src[i + 2] === '{' ? src.indexOf('}', i + 3) : -1;
      if (close < 0 || close >= to || close === i + 3) return unicodeError('malformed \\N character escape');
      i = close;
    } else {
      i++;
    }
  }
  return undefined;
}

/** "unexpected indent" and "expected an indented block" (parser-level in CPython). */
export function checkBlockIndentation(logical: LogicalLine[], src: string, complete: boolean): ParseProblem | undefined {
  for (let k = 0; k < logical.length; k++) {
    const cur = logical[k];
    const prev = k > 0 ? logical[k - 1] : undefined;
    const opensBlock = prev !== undefined && prev.last === ':';
    if (opensBlock && cur.indent !== 'indent') {
      return { pos: cur.pos, message: expectedBlockMessage(prev, src) };
    }
    if (!opensBlock && cur.indent === 'indent') {
      return { pos: cur.pos, message: 'unexpected indent', unexpectedIndent: true };
    }
  }
  const last = logical[logical.length - 1];
  if (complete && last && last.last === ':') {
    // CPython reports it at the end of the last line that has any text.
    let end = src.length;
    while (end > 0 && isNewlineChar(src[end - 1])) end--;
    return { pos: Math.max(end, last.lastEnd), message: expectedBlockMessage(last, src) };
  }
  return undefined;
}

function expectedBlockMessage(header: LogicalLine, src: string): string {
  const line = lineColumn(src, header.pos).line;
  const kw = header.first[0] === 'async' ? header.first[1] : header.first[0];
  switch (kw) {
    case 'def':
      return `expected an indented block after function definition on line ${line}`;
    case 'class':
      return `expected an indented block after class definition on line ${line}`;
    case 'if':
    case 'elif':
    case 'else':
    case 'for':
    case 'while':
    case 'with':
    case 'try':
    case 'except':
    case 'finally':
    case 'match':
    case 'case':
      return `expected an indented block after '${kw}' statement on line ${line}`;
    default:
      return 'expected an indented block';
  }
}

/**
 * Syntax check for Python snippets embedded in workflow `run:` scripts,
 * without a Python interpreter.
 *
 * The verdict is meant to agree with CPython's `compile(code, name, "exec")`
 * on the rules CPython 3.10-3.13 share (the reference tooling runs 3.11).
 * Rules that differ between versions are left out: 3.11's ban on backslashes
 * inside f-string expressions, and quotes nested in f-strings (3.12+) are
 * judged by the 3.11 tokenizer. Three layers, none of which judges syntax with
 * regular expressions:
 *
 * 1. A small lexical scanner mirroring what CPython's *tokenizer* rejects by
 *    itself: unterminated strings, unmatched / mismatched / unclosed brackets,
 *    inconsistent dedents, tabs vs spaces, invalid characters, stray line
 *    continuations, leading zeros / misplaced `_` in numbers. It also records
 *    logical lines with their INDENT / DEDENT ("unexpected indent",
 *    "expected an indented block") and string literals CPython cannot decode
 *    (truncated `\x` / `\u` / `\U` escapes, `\N` without braces).
 * 2. The Lezer Python grammar (`@lezer/python`), a real LR parser, for the
 *    grammar itself. Lezer is error-tolerant and slightly off CPython in a few
 *    places: it gets a view of the source with the same offsets it cannot
 *    misread (see `lezerView`), its known false alarms on valid code are
 *    forgiven (bare `yield`, `case C():`, starred comprehension targets,
 *    parenthesised `with` items and targets), and rules of CPython's grammar it
 *    does not enforce are checked on its tree (assignment / deletion targets,
 *    Python 2 `print x`, argument and parameter order, `try` without handler,
 *    f-string `}`, `<>`).
 * 3. Checks CPython's compiler / symbol table make after parsing, which
 *    `compile()` reports as SyntaxError too: `return` / `yield` / `await`
 *    outside a function, `break` / `continue` outside a loop, `nonlocal` at
 *    module level, `import *` inside a function, duplicate parameters,
 *    repeated keyword arguments, misplaced starred expressions.
 *
 * Where several problems exist, the one CPython reports is chosen with
 * CPython's precedence rules (a tokenizer error anywhere in the source wins
 * over a grammar error, except over an earlier "unexpected indent"; an
 * unclosed bracket wins over a grammar error on a later line; compiler checks
 * only run on code that parses).
 */
import { parser } from '@lezer/python';
import { LineIndex } from '../text/lineIndex';

type Tree = ReturnType<typeof parser.parse>;
type SyntaxNode = Tree['topNode'];

export interface PythonSyntaxError {
  /** 1-based line in the given source. */
  line: number;
  /** 0-based column in UTF-16 code units of the given source. */
  column: number;
  message: string;
}

/** A problem at an absolute UTF-16 offset of the source. */
interface Problem {
  pos: number;
  message: string;
}

/** Results per snippet text: editing one job re-reads its workflow, but the other snippets are unchanged. */
const checkedSnippets = new Map<string, PythonSyntaxError | undefined>();
const maxCheckedSnippets = 5000;

export function findPythonSyntaxError(source: string): PythonSyntaxError | undefined {
  if (checkedSnippets.has(source)) return checkedSnippets.get(source);
  const result = computePythonSyntaxError(source);
  if (checkedSnippets.size >= maxCheckedSnippets) checkedSnippets.delete(checkedSnippets.keys().next().value!);
  checkedSnippets.set(source, result);
  return result;
}

function computePythonSyntaxError(source: string): PythonSyntaxError | undefined {
  // CPython reads a final line without its newline as if it had one; so must the scanner, or an unclosed
  // bracket on the last line reads as "invalid syntax" at the end instead of at the bracket.
  if (!source.endsWith('\n')) source += '\n';
  const problem = findProblem(source);
  if (!problem) return undefined;
  const { line, column } = lineColumn(source, problem.pos);
  return { line, column, message: problem.message };
}

function findProblem(source: string): Problem | undefined {
  const lines = new LineIndex(source);
  const lineOf = (pos: number): number => lines.positionAt(pos).line;
  const scan = scanSource(source);

  // Lezer works on a view of the source (see `lezerView`); its positions are
  // mapped back to the source.
  const { tree, view, firstError } = parseWithLezer(source, scan);
  const text = view.text;
  const toSource = (problem: Problem | undefined): Problem | undefined =>
    problem && { pos: view.toSource(problem.pos), message: problem.message };
  // Lezer's error recovery may restructure the statement around its first
  // error, so tree checks only trust statements that end before it.
  const treeLimit = firstError ? statementStart(firstError) : text.length + 1;

  // Problems CPython's parser would raise; the earliest one wins.
  const parserProblems: ParseProblem[] = [];
  const indentProblem = checkBlockIndentation(scan.logicalLines, source, !scan.error);
  if (indentProblem) parserProblems.push(indentProblem);
  const treeProblem = toSource(checkTreeGrammar(tree, text, treeLimit));
  if (treeProblem) parserProblems.push(treeProblem);
  if (scan.stringProblem) parserProblems.push(scan.stringProblem);
  if (firstError) {
    // The same fault seen by Lezer a few blanks earlier (e.g. at the line
    // break before an unexpected indent) is reported the specific way.
    const from = view.toSource(firstError.from);
    const atLineStart = firstError.from === firstError.to && firstError.from > 0 && isNewlineChar(text[firstError.from - 1]);
    const sameFault = atLineStart && parserProblems.some((p) => p.pos >= from && onlyBlanksBetween(source, from, p.pos));
    if (!sameFault) parserProblems.push({ pos: from, message: grammarMessage(scan.logicalLines, from) });
  }
  parserProblems.sort((a, b) => a.pos - b.pos);
  const parseProblem = parserProblems[0];

  if (scan.error) {
    const tokError = scan.error;
    if (parseProblem && lineOf(parseProblem.pos) < lineOf(tokError.pos)) {
      // CPython re-tokenises the whole source after a grammar error and lets a
      // tokenizer error replace it, but not an "unexpected indent" nor an
      // inconsistent dedent (those are reported where the parser stopped).
      if (parseProblem.unexpectedIndent || tokError.kind === 'indent') return parseProblem;
    }
    return tokError;
  }
  if (scan.unclosed) {
    if (parseProblem && lineOf(parseProblem.pos) <= lineOf(scan.unclosed.pos)) return parseProblem;
    return scan.unclosed;
  }
  if (parseProblem) return parseProblem;
  return toSource(checkCompilerRules(tree, text));
}

const COMPOUND_KEYWORDS = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'def', 'class', 'async']);

/** "expected ':'" for a compound statement header without its colon, else CPython's generic message. */
function grammarMessage(logical: LogicalLine[], pos: number): string {
  const line = logical.find((l) => l.pos <= pos && pos <= l.lastEnd);
  if (line && line.colon === undefined && pos >= line.lastEnd && COMPOUND_KEYWORDS.has(line.first[0])) return "expected ':'";
  return 'invalid syntax';
}

interface ParseProblem extends Problem {
  unexpectedIndent?: boolean;
}

/** Start of the innermost statement that contains `node`. */
function statementStart(node: SyntaxNode): number {
  let cur: SyntaxNode | null = node;
  while (cur && cur.parent && cur.parent.name !== 'Script' && cur.parent.name !== 'Body') cur = cur.parent;
  return cur ? Math.min(cur.from, node.from) : node.from;
}

/** Offset of the next token at or after `pos` (blanks, line breaks and comments skipped). */
function nextTokenPos(src: string, pos: number): number {
  let i = pos;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\f' || isNewlineChar(c)) i++;
    else if (c === '#') while (i < src.length && !isNewlineChar(src[i])) i++;
    else return i;
  }
  // at the end: CPython points at the end of the last line that has any text
  let end = src.length;
  while (end > 0 && isNewlineChar(src[end - 1])) end--;
  return end;
}

function onlyBlanksBetween(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = src[i];
    if (c !== ' ' && c !== '\t' && c !== '\f' && !isNewlineChar(c)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Positions

function lineColumn(source: string, pos: number): { line: number; column: number } {
  const { line, character } = new LineIndex(source).positionAt(pos);
  return { line: line + 1, column: character };
}

// ---------------------------------------------------------------------------
// Layer 1: lexical scan (what CPython's tokenizer rejects by itself)

interface LogicalLine {
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

interface ScanResult {
  error?: ScanError;
  /** Innermost bracket still open at the end of the source. */
  unclosed?: Problem;
  logicalLines: LogicalLine[];
  /** Offset of an opening bracket -> offset of its closing bracket. */
  bracketPairs: Map<number, number>;
  /** First string literal CPython cannot decode (a parser-stage error). */
  stringProblem?: Problem;
  /** Offsets of the dot of floats written `1.` (no fraction, no exponent). */
  floatDots: number[];
  /** Offsets of backslashes before `{` / `}` in f-strings: literal for CPython, an escape of the brace for Lezer. */
  fstringBraceBackslashes: number[];
  /** Blank or comment-only lines between statements: [from, to) without the line break. */
  blankLines: [number, number][];
}

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf']);
const CLOSER_OF: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const TAB_SIZE = 8;

function isNewlineChar(c: string): boolean {
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

function scanSource(src: string): ScanResult {
  const n = src.length;
  const logicalLines: LogicalLine[] = [];
  const bracketPairs = new Map<number, number>();
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
  const blankLines: [number, number][] = [];
  const fail = (pos: number, message: string, kind: ScanError['kind'] = 'lex'): ScanResult => ({
    error: { pos, message, kind },
    logicalLines,
    bracketPairs,
    stringProblem,
    floatDots,
    fstringBraceBackslashes,
    blankLines,
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
    if (/f/i.test(src.slice(start, i))) {
      for (let k = i + 1; k < r.end - 1; k++) {
        if (src[k] !== '\\') continue;
        if (src[k + 1] === '{' || src[k + 1] === '}') fstringBraceBackslashes.push(k);
        else k++;
      }
    }
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
          if (i < n) blankLines.push([i, end]);
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
    const ch = String.fromCodePoint(cp);
    if (isAsciiIdentStart(c) || (cp >= 128 && ID_START.test(ch))) {
      i += ch.length;
      while (i < n) {
        const d = src[i];
        if (isAsciiIdentStart(d) || isDigit(d)) {
          i++;
          continue;
        }
        const dcp = src.codePointAt(i) ?? 0;
        if (dcp < 128) break;
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
      bracketPairs.set(open.pos, i);
      i++;
      token(start, i, c);
      continue;
    }
    if (cp >= 128) {
      return fail(i, invalidCharacterMessage(ch));
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
  return { unclosed, logicalLines, bracketPairs, stringProblem, floatDots, fstringBraceBackslashes, blankLines };
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
function checkBlockIndentation(logical: LogicalLine[], src: string, complete: boolean): ParseProblem | undefined {
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

// ---------------------------------------------------------------------------
// Layer 2: the Lezer grammar

/**
 * What Lezer is given: the source without its blank and comment-only lines
 * between statements (after a few hundred of those, Lezer's guard against
 * overly deep left-recursive trees fires and reports a bogus error), with
 * `1.` floats written `1 ` (Lezer reads `1. if x else y` as an attribute
 * access of `1`) and with `\n` line breaks only. None of this changes the
 * verdict of Python's grammar; the indentation rules are checked on the
 * source itself.
 */
interface LezerView {
  text: string;
  toSource(pos: number): number;
  toText(pos: number): number;
}

function lezerView(source: string, scan: ScanResult): LezerView {
  const chars = source.split('');
  for (const dot of scan.floatDots) chars[dot] = ' ';
  for (const backslash of scan.fstringBraceBackslashes) chars[backslash] = ' ';
  // Lezer's recovery trips over the empty argument list of a class pattern (`case (str(), "a"):`); a name
  // stands in the same places (inside a string or a comment of the line the change is harmless).
  for (const line of scan.logicalLines) {
    if (line.first[0] !== 'case') continue;
    for (let k = line.pos + 5; k + 1 < line.lastEnd; k++) {
      if (chars[k] === '(' && chars[k + 1] === ')' && /[A-Za-z0-9_]/.test(chars[k - 1])) chars[k] = chars[k + 1] = '_';
    }
  }
  // `\r\n` and `\r` line breaks become `\n` (Lezer trips over long CRLF texts)
  for (let k = 0; k < chars.length; k++) {
    if (chars[k] !== '\r') continue;
    if (chars[k + 1] !== '\n') chars[k] = '\n';
    else if (chars[k - 1] === '\\') {
      chars[k - 1] = ' ';
      chars[k] = '\\';
    } else chars[k] = ' ';
  }
  // kept source ranges [srcFrom, srcTo) and where they start in the text
  const segments: { srcFrom: number; srcTo: number; textFrom: number }[] = [];
  let text = '';
  let keepFrom = 0;
  const keep = (to: number): void => {
    if (to > keepFrom) {
      segments.push({ srcFrom: keepFrom, srcTo: to, textFrom: text.length });
      text += chars.slice(keepFrom, to).join('');
    }
  };
  for (const [from, to] of scan.blankLines) {
    keep(from);
    let end = to;
    if (source[end] === '\r' && source[end + 1] === '\n') end += 2;
    else if (end < source.length) end += 1;
    keepFrom = end;
  }
  keep(source.length);
  segments.push({ srcFrom: source.length, srcTo: source.length, textFrom: text.length });
  const toSource = (pos: number): number => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid].textFrom <= pos) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo];
    return Math.min(seg.srcFrom + (pos - seg.textFrom), source.length);
  };
  const toText = (pos: number): number => {
    for (const seg of segments) {
      if (pos < seg.srcFrom) return seg.textFrom;
      if (pos < seg.srcTo) return seg.textFrom + (pos - seg.srcFrom);
    }
    return text.length;
  };
  return { text, toSource, toText };
}

function parseWithLezer(source: string, scan: ScanResult): { tree: Tree; view: LezerView; firstError?: SyntaxNode } {
  const view = lezerView(source, scan);
  let tree = parser.parse(view.text);
  const repaired = new Set<number>();
  // Lezer rejects some `with` headers CPython accepts: parenthesised items
  // (`with (a as b, c as d):`), tuple targets (`as (x, y)`) and attribute /
  // subscript targets (`as self.f`). With `as` spelled `or` the header is an
  // expression Lezer takes, and the text is parsed again (at most once per `with` header).
  const withHeaders = scan.logicalLines.filter((l) => l.first[0] === 'with' || (l.first[0] === 'async' && l.first[1] === 'with')).length;
  for (let round = 0; round < withHeaders; round++) {
    const err = firstLezerError(tree, view.text);
    if (err === undefined) return { tree, view };
    const edits = withHeaderRepairs(err, scan, view).filter((pos) => !repaired.has(pos));
    if (edits.length === 0) return { tree, view, firstError: err };
    const chars = view.text.split('');
    for (const pos of edits) {
      repaired.add(pos);
      chars[pos] = 'o';
      chars[pos + 1] = 'r';
    }
    view.text = chars.join('');
    tree = parser.parse(view.text);
  }
  return { tree, view, firstError: firstLezerError(tree, view.text) };
}

function firstLezerError(tree: Tree, src: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  tree.iterate({
    enter: (ref) => {
      if (found) return false;
      if (ref.type.isError) {
        const node = ref.node;
        if (!isToleratedError(node, src)) found = node;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

function nextSignificantChar(src: string, pos: number): string {
  let i = pos;
  while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
  return i < src.length ? src[i] : '';
}

/** Lezer error nodes that stand for valid Python (known grammar gaps). */
function isToleratedError(node: SyntaxNode, src: string): boolean {
  // Starred target in a comprehension: `[x for a, *rest in items]`.
  if (node.parent && (COMPREHENSIONS.has(node.parent.name) || node.parent.name === 'ArgList') && src.slice(node.from, node.to) === '*') {
    for (let p = node.prevSibling; p; p = p.prevSibling) {
      if (p.name === 'in') return false;
      if (p.name === 'for') return true;
    }
    return false;
  }
  // Positional-only marker in a lambda: `lambda a, /: a` (Lezer knows it in `def` only), once, before any `*`.
  if (node.parent?.name === 'ParamList' && node.parent.parent?.name === 'LambdaExpression' && src.slice(node.from, node.to) === '/') {
    for (let p = node.prevSibling; p; p = p.prevSibling) if (['/', '*', '**'].includes(src.slice(p.from, p.to))) return false;
    return node.prevSibling?.name === ',';
  }
  if (node.from !== node.to) return false;
  const parent = node.parent;
  if (!parent) return false;
  const prev = node.prevSibling;
  // Bare `yield` (statement, `x = yield`, `(yield)`).
  if ((parent.name === 'YieldExpression' || parent.name === 'YieldStatement') && prev?.name === 'yield' && !node.nextSibling) {
    const next = nextSignificantChar(src, node.to);
    return next === '' || next === ')' || next === ';' || next === '#' || isNewlineChar(next);
  }
  return false;
}

/** `as` keywords (text offsets) of the `with` header in which Lezer's first error lies. */
function withHeaderRepairs(err: SyntaxNode, scan: ScanResult, view: LezerView): number[] {
  const at = view.toSource(err.from);
  const header = scan.logicalLines.find((l) => l.pos <= at && at <= l.lastEnd);
  if (!header) return [];
  const isWith = header.first[0] === 'with' || (header.first[0] === 'async' && header.first[1] === 'with');
  if (!isWith) return [];
  const end = header.colon ?? header.lastEnd;
  const asPositions = header.asPositions.filter((p) => p < end);
  if (asPositions.length === 0 || at < asPositions[0] || at > end) return [];
  return asPositions.map((p) => view.toText(p));
}

// Tree checks for rules of CPython's grammar that Lezer does not enforce.

const TARGET_CONTAINERS = new Set(['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression']);
const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '*']);

function describeExpression(node: SyntaxNode, src: string): string {
  switch (node.name) {
    case 'Number':
    case 'String':
    case 'ContinuedString':
    case 'Ellipsis':
      return 'literal';
    case 'FormatString':
      return 'f-string expression';
    case 'None':
    case 'Boolean':
      return src.slice(node.from, node.to);
    case 'CallExpression':
      return 'function call';
    case 'CompareOp':
      return 'comparison';
    case 'LambdaExpression':
      return 'lambda';
    case 'ConditionalExpression':
      return 'conditional expression';
    case 'AwaitExpression':
      return 'await expression';
    case 'YieldExpression':
      return 'yield expression';
    case 'NamedExpression':
      return 'named expression';
    case 'DictionaryExpression':
      return 'dict literal';
    case 'SetExpression':
      return 'set display';
    case 'ComprehensionExpression':
      return 'generator expression';
    case 'ArrayComprehensionExpression':
      return 'list comprehension';
    case 'DictionaryComprehensionExpression':
      return 'dict comprehension';
    case 'SetComprehensionExpression':
      return 'set comprehension';
    case 'BinaryExpression': {
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.name === 'CompareOp' || c.name === 'in' || c.name === 'is' || c.name === 'not') return 'comparison';
      }
      return 'expression';
    }
    default:
      return 'expression';
  }
}

/** Child nodes, without comments. */
function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

function isAssignEquals(node: SyntaxNode | undefined, src: string): boolean {
  return node?.name === 'AssignOp' && src.slice(node.from, node.to) === '=';
}

/** First invalid node in an assignment / deletion target, with its description. */
function invalidTarget(node: SyntaxNode, src: string): { node: SyntaxNode; what: string } | undefined {
  if (node.name === 'VariableName') {
    const name = src.slice(node.from, node.to);
    return name === '__debug__' ? { node, what: name } : undefined;
  }
  if (node.name === 'MemberExpression') return undefined;
  if (TARGET_CONTAINERS.has(node.name)) {
    for (const c of children(node)) {
      if (PUNCTUATION.has(c.name)) continue;
      const bad = invalidTarget(c, src);
      if (bad) return bad;
    }
    return undefined;
  }
  return { node, what: describeExpression(node, src) };
}

/** Rules of CPython's grammar checked on Lezer's tree, before `limit`. */
function checkTreeGrammar(tree: Tree, src: string, limit: number): Problem | undefined {
  let found: Problem | undefined;
  const report = (pos: number, message: string): void => {
    if (pos < limit && (!found || pos < found.pos)) found = { pos, message };
  };
  tree.iterate({
    enter: (ref) => {
      if (found || ref.from >= limit) return false;
      const node = ref.node;
      switch (node.name) {
        case 'PrintStatement':
          report(node.from, "Missing parentheses in call to 'print'. Did you mean print(...)?");
          return false;
        case 'AssignStatement': {
          // Every segment before the last `=` is a target list.
          const parts = children(node);
          const lastAssign = parts.map((p) => p.name).lastIndexOf('AssignOp');
          const segment: SyntaxNode[] = [];
          let first = true;
          for (let k = 0; k <= lastAssign; k++) {
            const p = parts[k];
            if (p.name === 'AssignOp') {
              const targets = segment.filter((s) => !PUNCTUATION.has(s.name));
              const single = targets.length === 1 && !segment.some((s) => s.name === ',');
              for (const t of targets) {
                if (t.name === 'YieldExpression') {
                  report(t.from, 'assignment to yield expression not possible');
                  break;
                }
                const bad = invalidTarget(t, src);
                if (bad) {
                  const here = first && single && bad.node === t && !['None', 'Boolean'].includes(t.name) && bad.what !== '__debug__';
                  report(bad.node.from, `cannot assign to ${bad.what}${here ? " here. Maybe you meant '==' instead of '='?" : ''}`);
                  break;
                }
              }
              segment.length = 0;
              first = false;
            } else if (p.name !== 'TypeDef') {
              segment.push(p);
            }
          }
          return undefined;
        }
        case 'UpdateStatement': {
          const parts = children(node);
          const target = parts[0];
          const op = parts.findIndex((c) => c.name === 'UpdateOp');
          if (target && parts.slice(0, op).some((c) => c.name === ',')) {
            report(target.from, "'tuple' is an illegal expression for augmented assignment");
          } else if (target && target.name !== 'VariableName' && target.name !== 'MemberExpression') {
            report(target.from, `'${describeExpression(target, src)}' is an illegal expression for augmented assignment`);
          }
          return undefined;
        }
        case 'DeleteStatement':
        case 'ForStatement': {
          const isDel = node.name === 'DeleteStatement';
          let inTarget = isDel;
          for (const c of children(node)) {
            if (!isDel && c.name === 'for') {
              inTarget = true;
              continue;
            }
            if (!isDel && c.name === 'in') break;
            if (!inTarget || PUNCTUATION.has(c.name) || c.name === 'async' || c.name === 'del') continue;
            const bad = invalidTarget(c, src);
            if (bad) {
              report(bad.node.from, `cannot ${isDel ? 'delete' : 'assign to'} ${bad.what}`);
              break;
            }
          }
          return undefined;
        }
        case 'ArgList': {
          // positional argument after a keyword argument / `**` unpacking
          const parts = children(node);
          if (parts.some((p) => p.name === 'for')) {
            // an unparenthesised generator must be the only argument
            let inTarget = false;
            for (const p of parts) {
              if (p.name === 'for') inTarget = true;
              else if (p.name === 'in') inTarget = false;
              else if (p.name === ',' && !inTarget) {
                report(parts[1]?.from ?? node.from, 'Generator expression must be parenthesized');
                break;
              }
            }
          }
          let keyword = false;
          let doubleStar = false;
          for (let k = 0; k < parts.length; k++) {
            const p = parts[k];
            if (p.name === '(' || p.name === ')' || p.name === ',') continue;
            if (p.name === '**') {
              doubleStar = true;
              k++;
              continue;
            }
            if (p.name === '*') {
              if (doubleStar) report(p.from, 'iterable argument unpacking follows keyword argument unpacking');
              k++;
              continue;
            }
            if (isAssignEquals(parts[k + 1], src)) {
              keyword = true;
              k += 2;
              continue;
            }
            if (keyword || doubleStar) {
              report(p.from, doubleStar && !keyword ? 'positional argument follows keyword argument unpacking' : 'positional argument follows keyword argument');
              break;
            }
            // skip the rest of this argument (e.g. a generator's `for` clause)
            while (k + 1 < parts.length && parts[k + 1].name !== ',' && parts[k + 1].name !== ')') k++;
          }
          return undefined;
        }
        case 'ParamList': {
          // non-default parameter after a default one (before any `*`)
          let sawDefault = false;
          const parts = children(node);
          for (let k = 0; k < parts.length; k++) {
            const c = parts[k];
            if (c.name === '*' || c.name === '**') break;
            if (c.name !== 'VariableName' || parts[k - 1]?.name === 'AssignOp') continue;
            let next = parts[k + 1];
            if (next?.name === 'TypeDef') next = parts[k + 2];
            if (next?.name === 'AssignOp') sawDefault = true;
            else if (sawDefault) {
              report(c.from, 'non-default argument follows default argument');
              break;
            }
          }
          // a bare `*` needs a named parameter after it; nothing follows `**kwargs`
          for (let k = 0; k < parts.length; k++) {
            const c = parts[k];
            if (c.name === '*' && parts[k + 1]?.name !== 'VariableName') {
              let named = false;
              for (let m = k + 1; m < parts.length && parts[m].name !== '**'; m++) if (parts[m].name === 'VariableName') named = true;
              if (!named) report(c.from, 'named arguments must follow bare *');
            }
            if (c.name === '**') {
              for (let m = k + 2; m < parts.length; m++) {
                if (parts[m].name === ',' || parts[m].name === ')' || parts[m].name === 'TypeDef') continue;
                report(parts[m].from, 'arguments cannot follow var-keyword argument');
                break;
              }
              break;
            }
          }
          return undefined;
        }
        case 'TryStatement': {
          const parts = children(node);
          let handlers = 0;
          let bareExcept: SyntaxNode | undefined;
          for (let k = 0; k < parts.length; k++) {
            const c = parts[k];
            if (c.name === 'finally') handlers++;
            if (c.name !== 'except') continue;
            handlers++;
            if (bareExcept) {
              report(bareExcept.from, "default 'except:' must be last");
              break;
            }
            let m = k + 1;
            if (parts[m]?.name === '*') m++;
            if (parts[m]?.name === 'Body') bareExcept = c;
            else if (parts[m + 1]?.name === ',') {
              report(parts[m].from, 'multiple exception types must be parenthesized');
              break;
            }
          }
          if (handlers === 0) report(nextTokenPos(src, node.to), "expected 'except' or 'finally' block");
          return undefined;
        }
        case 'CompareOp':
          if (src.slice(node.from, node.to) === '<>') report(node.from, 'invalid syntax');
          return undefined;
        case 'FormatString': {
          // literal text of an f-string: `}` must be doubled
          let gapStart = node.from;
          const check = (from: number, to: number): void => {
            for (let i = from; i < to; i++) {
              if (src[i] === '\\') {
                if (src[i + 1] === 'N' && src[i + 2] === '{') {
                  const close = src.indexOf('}', i + 3);
                  if (close > 0 && close < to) i = close;
                  continue;
                }
                // before a brace the backslash is literal: `\{x}` is a replacement field, `\}}` an escaped brace
                if (src[i + 1] !== '{' && src[i + 1] !== '}') i++;
                continue;
              }
              if (src[i] !== '}') continue;
              if (src[i + 1] === '}' && i + 1 < to) i++;
              else {
                report(i, "f-string: single '}' is not allowed");
                return;
              }
            }
          };
          for (const c of children(node)) {
            if (c.name !== 'FormatReplacement') continue;
            check(gapStart, c.from);
            gapStart = c.to;
          }
          check(gapStart, node.to);
          return undefined;
        }
        default:
          return undefined;
      }
    },
  });
  return found;
}

// ---------------------------------------------------------------------------
// Layer 3: compiler / symbol table rules

interface Scope {
  kind: 'module' | 'function' | 'class' | 'lambda';
  async: boolean;
  loop: boolean;
  comprehension: boolean;
}

const COMPREHENSIONS = new Set([
  'ComprehensionExpression',
  'ArrayComprehensionExpression',
  'DictionaryComprehensionExpression',
  'SetComprehensionExpression',
]);

function checkCompilerRules(tree: Tree, src: string): Problem | undefined {
  let symtable: Problem | undefined;
  let compiler: Problem | undefined;
  const sym = (pos: number, message: string): void => {
    if (!symtable) symtable = { pos, message };
  };
  const comp = (pos: number, message: string): void => {
    if (!compiler) compiler = { pos, message };
  };

  const visit = (node: SyntaxNode, scope: Scope): void => {
    switch (node.name) {
      case 'FunctionDefinition': {
        const isAsync = node.firstChild?.name === 'async';
        checkParameters(node.getChild('ParamList'), src, sym);
        for (const c of children(node)) {
          if (c.name === 'Body') visit(c, { kind: 'function', async: isAsync, loop: false, comprehension: false });
          else visit(c, scope);
        }
        return;
      }
      case 'LambdaExpression': {
        checkParameters(node.getChild('ParamList'), src, sym);
        for (const c of children(node)) visit(c, { kind: 'lambda', async: false, loop: false, comprehension: false });
        return;
      }
      case 'ClassDefinition': {
        for (const c of children(node)) {
          if (c.name === 'Body') visit(c, { kind: 'class', async: false, loop: false, comprehension: false });
          else visit(c, scope);
        }
        return;
      }
      case 'ForStatement':
      case 'WhileStatement': {
        let bodies = 0;
        for (const c of children(node)) {
          if (c.name === 'Body') {
            // the first body is the loop; an `else:` body is not
            visit(c, bodies === 0 ? { ...scope, loop: true } : scope);
            bodies++;
          } else visit(c, scope);
        }
        return;
      }
      case 'ReturnStatement':
        if (scope.kind !== 'function') comp(node.from, "'return' outside function");
        break;
      case 'YieldStatement':
      case 'YieldExpression':
        if (scope.kind !== 'function' && scope.kind !== 'lambda') sym(node.from, "'yield' outside function");
        break;
      case 'AwaitExpression':
        if (scope.kind === 'module' || scope.kind === 'class') {
          comp(node.from, scope.comprehension ? 'asynchronous comprehension outside of an asynchronous function' : "'await' outside function");
        } else if (!scope.async) {
          comp(node.from, scope.comprehension ? 'asynchronous comprehension outside of an asynchronous function' : "'await' outside async function");
        }
        break;
      case 'BreakStatement':
        if (!scope.loop) comp(node.from, "'break' outside loop");
        break;
      case 'ContinueStatement':
        if (!scope.loop) comp(node.from, "'continue' not properly in loop");
        break;
      case 'ArgList': {
        const seen = new Set<string>();
        const parts = children(node);
        for (let k = 0; k + 1 < parts.length; k++) {
          if (parts[k].name !== 'VariableName' || !isAssignEquals(parts[k + 1], src)) continue;
          const name = src.slice(parts[k].from, parts[k].to);
          if (seen.has(name)) {
            comp(parts[k].from, `keyword argument repeated: ${name}`);
            break;
          }
          seen.add(name);
        }
        break;
      }
      case 'AssignStatement': {
        const parts = children(node);
        const assigns = parts.map((p, k) => (p.name === 'AssignOp' ? k : -1)).filter((k) => k >= 0);
        let segStart = 0;
        for (const a of [...assigns, parts.length]) {
          const seg = parts.slice(segStart, a).filter((p) => p.name !== 'TypeDef');
          const stars = seg.filter((p) => p.name === '*');
          const isTarget = a !== parts.length;
          if (isTarget && stars.length > 1) comp(stars[1].from, 'multiple starred expressions in assignment');
          if (stars.length > 0 && !seg.some((p) => p.name === ',')) comp(stars[0].from, "can't use starred expression here");
          segStart = a + 1;
        }
        break;
      }
      case 'ScopeStatement':
        if (node.firstChild?.name === 'nonlocal' && scope.kind === 'module') {
          sym(node.from, 'nonlocal declaration not allowed at module level');
        }
        break;
      case 'ImportStatement':
        if (scope.kind !== 'module' && children(node).some((c) => c.name === '*')) {
          const star = children(node).find((c) => c.name === '*');
          sym(star ? star.from : node.from, 'import * only allowed at module level');
        }
        break;
      default:
        if (COMPREHENSIONS.has(node.name)) {
          for (const c of children(node)) visit(c, { ...scope, comprehension: true });
          return;
        }
    }
    for (let c = node.firstChild; c; c = c.nextSibling) visit(c, scope);
  };
  visit(tree.topNode, { kind: 'module', async: false, loop: false, comprehension: false });
  return symtable ?? compiler;
}

function checkParameters(params: SyntaxNode | null, src: string, report: (pos: number, message: string) => void): void {
  if (!params) return;
  const seen = new Set<string>();
  const parts = children(params);
  for (let k = 0; k < parts.length; k++) {
    const c = parts[k];
    // a parameter name (not a default value; annotations are nested in TypeDef)
    if (c.name === 'VariableName' && parts[k - 1]?.name !== 'AssignOp') {
      const name = src.slice(c.from, c.to);
      if (seen.has(name)) {
        report(c.from, `duplicate argument '${name}' in function definition`);
        return;
      }
      seen.add(name);
    }
  }
}

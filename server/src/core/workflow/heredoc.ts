/**
 * Finds the Python code embedded in a shell script (the decoded value of a
 * workflow step's `run:` key):
 *
 * - heredocs fed to a Python interpreter: `python - << 'PY'` (the form the
 *   reference tooling looks for), `python3 <<EOF`, `python3.11 - <<"PY"`,
 *   `<<-PY` (leading tabs stripped), any delimiter;
 * - `python -c '…'` / `python -c "…"` whose argument is one plain quoted word
 *   (double-quoted code with `$` or backquotes is skipped: the shell would
 *   rewrite it).
 *
 * Heredoc bodies are normalised the way the reference tool does it: the
 * terminator is the first line that is exactly the delimiter, as bash reads it (a missing
 * terminator runs the body to the end of the script), then the body is
 * dedented exactly like Python's `textwrap.dedent` and leading / trailing
 * blank lines are dropped like `str.strip("\n")`. `-c` code is taken as is
 * (CPython does not dedent it either). Unquoted heredoc delimiters would let
 * the shell expand `$…` in the body; the body is still reported literally.
 *
 * The shell is only tokenised as far as needed: quotes, comments, command
 * separators, redirections and heredoc bodies. No I/O.
 */

import { LineIndex } from '../text/lineIndex';

export interface PythonSnippet {
  kind: 'heredoc' | 'inline';
  /** The interpreter word as written, e.g. `python3` or `/usr/bin/python3.11`. */
  interpreter: string;
  /** The heredoc delimiter, without quotes (heredocs only). */
  delimiter?: string;
  code: string;
  /** 0-based line in the script of the snippet's first code line */
  firstLine: number;
  /** 0-based line in the script of the command that runs Python (where a heredoc's << stands). */
  commandLine: number;
  /** for each line of `code`, the 0-based script line and the column offset (chars removed by dedent) */
  lineMap: { scriptLine: number; columnOffset: number }[];
  terminated: boolean;
}

/** `python`, `python3`, `python3.11`, `pypy3`, optionally with a path. */
function isPythonInterpreter(word: string): boolean {
  const base = word.slice(word.lastIndexOf('/') + 1);
  let name: string;
  if (base.startsWith('python')) name = base.slice(6);
  else if (base.startsWith('pypy')) name = base.slice(4);
  else return false;
  // the rest: digits separated by single dots, e.g. "", "3", "3.11"
  if (name === '') return true;
  const parts = name.split('.');
  return parts.every((p) => p.length > 0 && [...p].every((c) => c >= '0' && c <= '9'));
}

/** Words that may stand before the interpreter in the same simple command. */
const RESERVED_WORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
/** Commands that run their arguments as a command (what follows them is not checked). */
const WRAPPERS = new Set([
  'sudo',
  'env',
  'exec',
  'command',
  'nice',
  'nohup',
  'timeout',
  'xvfb-run',
  'uv',
  'poetry',
  'pipenv',
  'pdm',
  'hatch',
  'rye',
  'conda',
  'mamba',
  'micromamba',
  'pixi',
]);

function isAssignment(word: string): boolean {
  const eq = word.indexOf('=');
  if (eq <= 0) return false;
  for (let k = 0; k < eq; k++) {
    const c = word[k];
    const ok = c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (k > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

interface Word {
  /** Text with quotes removed (no expansion). */
  value: string;
  /** Text as written. */
  raw: string;
  start: number;
  end: number;
  quoted: boolean;
  /** A redirection target / fd number, not an argument. */
  redirect?: boolean;
}

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  interpreter?: string;
}

/** Index of the interpreter word of a simple command, if it runs Python. */
function interpreterIndex(words: Word[]): number {
  let wrapped = false;
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w.redirect) continue;
    if (!w.quoted && isPythonInterpreter(w.value)) return k;
    if (wrapped) continue;
    if (isAssignment(w.value) || RESERVED_WORDS.has(w.value)) continue;
    if (WRAPPERS.has(w.value.slice(w.value.lastIndexOf('/') + 1))) {
      wrapped = true;
      continue;
    }
    return -1;
  }
  return -1;
}

/** Whether the words after the interpreter leave stdin as the program (only options, or `-`). */
function readsProgramFromStdin(words: Word[], from: number): boolean {
  for (let k = from; k < words.length; k++) {
    const w = words[k];
    if (w.redirect) continue;
    if (w.value === '-') return true;
    if (!w.value.startsWith('-')) return false; // a script file: stdin is its data
    if (w.value === '-c' || w.value === '-m') return false;
    // options with a separate argument
    if (w.value === '-W' || w.value === '-X' || w.value === '-Q') k++;
  }
  return true;
}


export function findPythonSnippets(script: string): PythonSnippet[] {
  const src = script;
  const n = src.length;
  const lines = new LineIndex(src);
  const snippets: PythonSnippet[] = [];
  let words: Word[] = [];
  let pending: PendingHeredoc[] = [];
  let i = 0;

  const endCommand = (): void => {
    const k = interpreterIndex(words);
    if (k >= 0) {
      const inline = inlineSnippet(words, k, lines);
      if (inline) snippets.push(inline);
    }
    words = [];
  };

  const consumeHeredocBodies = (): void => {
    // `i` is at the start of the line after the one holding the operators.
    for (const h of pending) {
      const bodyStartLine = lines.positionAt(i).line;
      const body: { text: string; line: number }[] = [];
      let terminated = false;
      while (i < n) {
        let eol = src.indexOf('\n', i);
        if (eol < 0) eol = n;
        let text = src.slice(i, eol);
        if (text.endsWith('\r')) text = text.slice(0, -1);
        const line = lines.positionAt(i).line;
        i = eol < n ? eol + 1 : n;
        // bash ends a heredoc only on a line that is exactly the delimiter (<<- strips leading tabs first).
        if ((h.stripTabs ? text.replace(/^\t+/, '') : text) === h.delimiter) {
          terminated = true;
          break;
        }
        body.push({ text, line });
      }
      if (h.interpreter !== undefined) {
        snippets.push(heredocSnippet(h, body, bodyStartLine, terminated));
      }
    }
    pending = [];
  };

  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2; // line continuation
      continue;
    }
    if (c === '\n') {
      endCommand();
      i++;
      if (pending.length > 0) consumeHeredocBodies();
      continue;
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '`') {
      endCommand();
      i++;
      if ((c === '&' || c === '|' || c === ';') && src[i] === c) i++;
      continue;
    }
    if (c === '$' && src[i + 1] === '(') {
      endCommand();
      i += 2;
      continue;
    }
    if (c === '<' || c === '>') {
      // redirection operator
      const opStart = i;
      let op = c;
      i++;
      while (i < n && (src[i] === '<' || src[i] === '>' || src[i] === '&' || src[i] === '-' || src[i] === '|') && op.length < 3) {
        if (op === '<<' && src[i] !== '-' && src[i] !== '<') break;
        op += src[i];
        i++;
      }
      // an fd number written right before the operator is not an argument
      const last = words[words.length - 1];
      if (last && last.end === opStart && !last.quoted && [...last.value].every((d) => d >= '0' && d <= '9')) last.redirect = true;
      while (i < n && (src[i] === ' ' || src[i] === '\t')) i++;
      const target = readWord(src, i);
      if (!target) continue;
      i = target.end;
      target.redirect = true;
      if (op === '<<' || op === '<<-') {
        const k = interpreterIndex(words);
        const python = k >= 0 && readsProgramFromStdin(words, k + 1);
        pending.push({
          delimiter: target.value,
          stripTabs: op === '<<-',
          interpreter: python ? words[k].value : undefined,
        });
      }
      words.push(target);
      continue;
    }
    const word = readWord(src, i);
    if (!word) {
      i++;
      continue;
    }
    i = word.end;
    words.push(word);
  }
  endCommand();
  if (pending.length > 0) consumeHeredocBodies();
  return snippets;
}

/** Read one shell word at `pos` (quotes may span lines). */
function readWord(src: string, pos: number): Word | undefined {
  const n = src.length;
  let i = pos;
  let value = '';
  let quoted = false;
  while (i < n) {
    const c = src[i];
    if (c === "'") {
      quoted = true;
      const close = src.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      value += src.slice(i + 1, end);
      i = close < 0 ? n : close + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      while (i < n && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < n) {
          const e = src[i + 1];
          if (e === '"' || e === '\\' || e === '$' || e === '`') value += e;
          else if (e !== '\n') value += '\\' + e;
          i += 2;
          continue;
        }
        value += src[i];
        i++;
      }
      i++;
      continue;
    }
    if (c === '\\') {
      quoted = true;
      if (i + 1 < n && src[i + 1] !== '\n') value += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '$' && src[i + 1] === '(') break;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>' || c === '`') {
      break;
    }
    value += c;
    i++;
  }
  if (i === pos) return undefined;
  return { value, raw: src.slice(pos, Math.min(i, n)), start: pos, end: Math.min(i, n), quoted };
}

/** textwrap.dedent + strip("\n") over body lines, keeping the line map. */
function heredocSnippet(
  h: PendingHeredoc,
  body: { text: string; line: number }[],
  bodyStartLine: number,
  terminated: boolean,
): PythonSnippet {
  // `<<-` strips leading tabs from every body line
  const lines = body.map((b) => {
    let text = b.text;
    let removed = 0;
    if (h.stripTabs) {
      while (removed < text.length && text[removed] === '\t') removed++;
      text = text.slice(removed);
    }
    return { text, line: b.line, removed };
  });
  const margin = commonMargin(lines.map((l) => l.text));
  const dedented = lines.map((l) => {
    if (isBlank(l.text)) return { text: '', line: l.line, offset: l.removed + l.text.length };
    const text = l.text.startsWith(margin) ? l.text.slice(margin.length) : l.text;
    return { text, line: l.line, offset: l.removed + (l.text.length - text.length) };
  });
  let first = 0;
  let last = dedented.length;
  while (first < last && dedented[first].text === '') first++;
  while (last > first && dedented[last - 1].text === '') last--;
  const kept = dedented.slice(first, last);
  return {
    kind: 'heredoc',
    interpreter: h.interpreter ?? 'python',
    delimiter: h.delimiter,
    code: kept.map((l) => l.text).join('\n'),
    firstLine: kept.length > 0 ? kept[0].line : bodyStartLine,
    commandLine: Math.max(0, bodyStartLine - 1),
    lineMap: kept.map((l) => ({ scriptLine: l.line, columnOffset: l.offset })),
    terminated,
  };
}

/** A line textwrap.dedent treats as blank: empty or only spaces / tabs. */
function isBlank(text: string): boolean {
  for (const c of text) if (c !== ' ' && c !== '\t') return false;
  return true;
}

/** The common leading whitespace of the non-blank lines, as textwrap.dedent computes it. */
function commonMargin(lines: string[]): string {
  let margin: string | undefined;
  for (const text of lines) {
    if (isBlank(text)) continue;
    let k = 0;
    while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
    const indent = text.slice(0, k);
    if (margin === undefined || margin.startsWith(indent)) margin = indent;
    else if (!indent.startsWith(margin)) {
      let common = 0;
      while (common < margin.length && common < indent.length && margin[common] === indent[common]) common++;
      margin = margin.slice(0, common);
    }
  }
  return margin ?? '';
}

/** `python -c '…'` with a plain quoted code argument. */
function inlineSnippet(words: Word[], k: number, lines: LineIndex): PythonSnippet | undefined {
  let m = k + 1;
  while (m < words.length && (words[m].redirect || (words[m].value.startsWith('-') && words[m].value !== '-c' && !words[m].quoted))) {
    if (words[m].value === '-m') return undefined;
    m++;
  }
  if (m >= words.length || words[m].value !== '-c' || words[m].quoted) return undefined;
  const arg = words[m + 1];
  if (!arg || arg.redirect) return undefined;
  const raw = arg.raw;
  const q = raw[0];
  // exactly one quoted word: '…' or "…"
  if ((q !== "'" && q !== '"') || raw.length < 2 || raw[raw.length - 1] !== q) return undefined;
  const inner = raw.slice(1, -1);
  if (q === "'" && inner.includes("'")) return undefined;
  const codeStart = arg.start + 1;
  const firstLine = lines.positionAt(codeStart).line;
  // Walk the quoted text, building the code and, per code line, its script line.
  let code = '';
  let scriptLine = firstLine;
  const lineMap = [{ scriptLine: firstLine, columnOffset: codeStart - lines.lineStart(firstLine) }];
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (q === '"' && c === '\\' && i + 1 < inner.length) {
      const e = inner[i + 1];
      i++;
      if (e === '"' || e === '\\' || e === '$' || e === '`') code += e;
      else if (e === '\n') scriptLine++; // line continuation: removed from the code
      else code += c + e;
      continue;
    }
    // double quotes: `$`, backquotes (and a stray quote) would be rewritten by the shell
    if (q === '"' && (c === '$' || c === '`' || c === '"')) return undefined;
    code += c;
    if (c === '\n') {
      scriptLine++;
      lineMap.push({ scriptLine, columnOffset: 0 });
    }
  }
  return {
    kind: 'inline',
    commandLine: firstLine,
    interpreter: words[k].value,
    code,
    firstLine,
    lineMap,
    terminated: true,
  };
}

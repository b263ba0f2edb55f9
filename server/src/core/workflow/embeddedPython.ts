/**
 * Finds the Python code embedded in a shell script (the decoded value of a workflow step's `run:` key), by
 * reading the script as bash does: words with their quoting (`'…'`, `"…"`, `$'…'`, backslashes; see `shellWords`), command
 * separators, comments, redirections, heredoc bodies, and the nested scripts of `$(…)`, backquotes,
 * `<(…)` and `bash -c '…'`. Python is found
 *
 * - in heredocs fed to an interpreter that reads its program from stdin: `python - << 'PY'` (the form the
 *   reference tooling looks for), `python3 <<EOF`, `"$VENV/bin/python" - <<'PY'`, `<<-PY`, any delimiter;
 * - in the code argument of `-c`: `python -c '…'`, `python3 -P -c "…"`, `"$(python -c '…')"`;
 * - behind wrappers and their options: `uv run --with x python -c`, `python -m uv run python -P -c`,
 *   `pixi run -- python -c`, `sudo -E python3 - <<PY`, `docker run … image python -c`.
 *
 * Code the shell (or GitHub, for `${{ … }}`) rewrites before Python sees it is not checked: it is returned
 * in `skipped`, with the reason. That is a double-quoted argument with `$…` or backquotes, an unquoted
 * heredoc delimiter whose body holds expansions or backslash escapes, a code word built from variables.
 *
 * Heredoc bodies are normalised the way the reference tool does it: the terminator is the first line that is
 * exactly the delimiter, as bash reads it (a missing terminator runs the body to the end of the script),
 * then the body is dedented exactly like Python's `textwrap.dedent` and leading / trailing blank lines are
 * dropped like `str.strip("\n")`. `-c` code is taken as is (CPython does not dedent it either).
 *
 * The npm shell tokenizers were not a fit: `shell-quote` keeps no positions and knows no heredocs, and
 * `bash-parser` (unmaintained) drops heredoc bodies. No I/O.
 */

import { LineIndex } from '../text/lineIndex';
import { ShellWordReader, skipBalanced, Word } from './shellWords';

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
  /** for each line of `code`, the 0-based script line and the column of the code line's first character */
  lineMap: { scriptLine: number; columnOffset: number }[];
  terminated: boolean;
}

/** Python the script runs that is not checked, because its text is only known when the script runs. */
export interface SkippedPython {
  interpreter: string;
  /** 0-based line in the script of the command that runs Python */
  commandLine: number;
  reason: string;
}

export interface EmbeddedPython {
  snippets: PythonSnippet[];
  skipped: SkippedPython[];
}

export function scanEmbeddedPython(script: string): EmbeddedPython {
  const found: EmbeddedPython = { snippets: [], skipped: [] };
  new ShellScanner(script, (k) => k, new LineIndex(script), found, 0).scan();
  return found;
}

/** `python`, `python3`, `python3.11`, `python3.13t`, `python3-dbg`, `pypy3`, `python.exe`. */
function isPythonName(base: string): boolean {
  return /^(python|pypy)([0-9]+(\.[0-9]+)*t?)?(-dbg)?(\.exe)?$/.test(base);
}

const SHELLS = new Set(['bash', 'sh', 'dash', 'zsh', 'ksh']);
/** Words that may stand before the command name in the same simple command. */
const RESERVED_WORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time', 'exec', 'command', 'builtin']);
/** Commands (and `python -m` modules) that run a command given among their arguments. */
const WRAPPERS = new Set([
  'sudo', 'env', 'nice', 'nohup', 'timeout', 'xvfb-run', 'stdbuf', 'docker', 'podman',
  'uv', 'uvx', 'pipx', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye', 'tox', 'nox',
  'conda', 'mamba', 'micromamba', 'pixi', 'spin',
]);
/** Wrapper options whose value names an interpreter (`uv run --python python3.12 python …`). */
const INTERPRETER_OPTIONS = new Set(['-p', '--python', '--interpreter']);
/** CPython options that take a separate argument. */
const PYTHON_OPTIONS_WITH_ARGUMENT = new Set(['-W', '-X', '--check-hash-based-pycs']);
/** Deepest nesting of `$(…)` / `bash -c` followed; deeper text is read as plain words. */
const maxNesting = 16;

function isAssignment(word: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(word);
}

interface Heredoc {
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
  /** The fd it feeds: 0 unless a number stands before the operator. */
  fd: number;
  /** Set when the command turns out to run Python on its stdin. */
  interpreter?: string;
  commandLine: number;
}

type Terminator = ')' | '`' | undefined;

class ShellScanner extends ShellWordReader {
  private words: Word[] = [];
  private heredocs: Heredoc[] = [];
  private pending: Heredoc[] = [];

  constructor(
    src: string,
    /** Index in the scanned text → index in the whole script. */
    private readonly at: (k: number) => number,
    private readonly lines: LineIndex,
    private readonly found: EmbeddedPython,
    private readonly depth: number,
  ) {
    super(src);
  }

  scan(): void {
    this.list(undefined);
    this.endCommand();
    this.consumeHeredocBodies();
  }

  private line(k: number): number {
    return this.lines.positionAt(this.at(Math.min(k, this.src.length - 1))).line;
  }

  /** A command list up to `terminator` (consumed) or the end of the text. */
  private list(terminator: Terminator): void {
    const src = this.src;
    const n = src.length;
    while (this.i < n) {
      const c = src[this.i];
      if (c === terminator) {
        this.endCommand();
        this.i++;
        return;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        this.i++;
      } else if (c === '\\' && src[this.i + 1] === '\n') {
        this.i += 2; // line continuation
      } else if (c === '\n') {
        this.endCommand();
        this.i++;
        this.consumeHeredocBodies();
      } else if (c === '#') {
        while (this.i < n && src[this.i] !== '\n') this.i++;
      } else if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        this.endCommand();
        this.i++;
        if ((c === '&' || c === '|' || c === ';') && (src[this.i] === c || (c === '|' && src[this.i] === '&'))) this.i++;
        if (c === '(') this.nested(')');
      } else if ((c === '<' || c === '>') && src[this.i + 1] === '(') {
        this.i += 2; // process substitution: a command list of its own
        this.nested(')');
      } else if (c === '<' || c === '>' || (c === '&' && src[this.i + 1] === '>')) {
        this.redirection();
      } else {
        const word = this.word();
        if (word) this.words.push(word);
        else this.i++;
      }
    }
  }

  private redirection(): void {
    const src = this.src;
    const opStart = this.i;
    const op = /^(<<<|<<-|<<|<>|<&|>>|>&|>\||&>>|&>|<|>)/.exec(src.slice(this.i, this.i + 3))![1];
    this.i += op.length;
    // an fd number written right before the operator is not an argument
    let fd = op.startsWith('>') || op.startsWith('&') ? 1 : 0;
    const last = this.words[this.words.length - 1];
    if (last && last.end === opStart && !last.quoted && /^[0-9]+$/.test(last.value)) {
      last.redirect = true;
      fd = Number(last.value);
    }
    while (this.i < src.length && (src[this.i] === ' ' || src[this.i] === '\t')) this.i++;
    const target = this.word();
    if (!target) return;
    target.redirect = true;
    this.words.push(target);
    if (op === '<<' || op === '<<-') {
      const heredoc: Heredoc = { delimiter: target.value, quoted: target.quoted, stripTabs: op === '<<-', fd, commandLine: this.line(opStart) };
      this.heredocs.push(heredoc);
      this.pending.push(heredoc);
    } else if (fd === 0 && op.startsWith('<')) {
      // a later stdin redirection replaces the heredoc as Python's input
      this.heredocs = this.heredocs.filter((h) => h.fd !== 0);
    }
  }

  private endCommand(): void {
    const words = this.words.filter((w) => !w.redirect);
    const heredocs = this.heredocs;
    this.words = [];
    this.heredocs = [];
    const command = commandName(words);
    if (command === undefined) return;
    const run = programWord(words, command);
    if (run === undefined) return;
    if (SHELLS.has(basename(words[run].value))) {
      this.shellScript(words, run);
      return;
    }
    const program = pythonProgram(words, run);
    if (!program) return;
    const interpreter = words[program.interpreter];
    const commandLine = this.line(interpreter.start);
    if (program.code === 'stdin') {
      const stdin = heredocs.filter((h) => h.fd === 0).pop();
      if (stdin) stdin.interpreter = interpreter.value;
      return;
    }
    const arg = program.attached ? attachedCode(words[program.code]) : words[program.code];
    if (!arg) return;
    const rewritten = arg.rewritten ?? githubExpression(arg.value);
    if (rewritten) {
      this.found.skipped.push({ interpreter: interpreter.value, commandLine, reason: `the -c code ${rewritten}` });
      return;
    }
    this.found.snippets.push({
      kind: 'inline',
      interpreter: interpreter.value,
      code: arg.value,
      commandLine: this.lines.positionAt(this.at(arg.map[0] ?? arg.start)).line,
      ...this.lineMap(arg.value, arg.map),
      terminated: true,
    });
  }

  /** `bash -c 'script'`: the script's own commands. */
  private shellScript(words: Word[], command: number): void {
    let k = command + 1;
    let hasC = false;
    for (; k < words.length && words[k].value.startsWith('-') && !words[k].quoted; k++) {
      const option = words[k].value;
      if (option === '--') {
        k++;
        break;
      }
      if (option === '-o' || option === '+o') k++;
      else if (!option.startsWith('--') && option.includes('c')) hasC = true;
    }
    const script = words[k];
    if (!hasC || !script || this.depth >= maxNesting) return;
    const rewritten = script.rewritten ?? githubExpression(script.value);
    if (rewritten) {
      if (/python|pypy/.test(script.value)) this.found.skipped.push({ interpreter: words[command].value, commandLine: this.line(script.start), reason: `the -c script ${rewritten}` });
      return;
    }
    const map = script.map;
    new ShellScanner(script.value, (j) => this.at(map[j] ?? map[map.length - 1] + 1), this.lines, this.found, this.depth + 1).scan();
  }

  /** Per code line, the script line and column of its first character. */
  private lineMap(code: string, map: number[]): { firstLine: number; lineMap: PythonSnippet['lineMap'] } {
    const lineMap: PythonSnippet['lineMap'] = [];
    const place = (j: number) => {
      const k = j < map.length ? map[j] : (map[map.length - 1] ?? -1) + 1;
      const position = this.lines.positionAt(this.at(Math.max(0, k)));
      lineMap.push({ scriptLine: position.line, columnOffset: position.character });
    };
    place(0);
    for (let j = 0; j < code.length; j++) if (code[j] === '\n') place(j + 1);
    return { firstLine: lineMap[0].scriptLine, lineMap };
  }

  private consumeHeredocBodies(): void {
    const src = this.src;
    const n = src.length;
    for (const h of this.pending) {
      const bodyStart = this.i;
      const body: { text: string; start: number }[] = [];
      let terminated = false;
      while (this.i < n) {
        let eol = src.indexOf('\n', this.i);
        if (eol < 0) eol = n;
        let text = src.slice(this.i, eol);
        if (text.endsWith('\r')) text = text.slice(0, -1);
        const start = this.i;
        this.i = eol < n ? eol + 1 : n;
        // bash ends a heredoc only on a line that is exactly the delimiter (<<- strips leading tabs first).
        if ((h.stripTabs ? text.replace(/^\t+/, '') : text) === h.delimiter) {
          terminated = true;
          break;
        }
        body.push({ text, start });
      }
      if (h.interpreter === undefined) continue;
      const bodyText = body.map((b) => b.text).join('\n');
      const rewritten = (h.quoted ? undefined : heredocExpansion(bodyText)) ?? githubExpression(bodyText);
      if (rewritten) this.found.skipped.push({ interpreter: h.interpreter, commandLine: h.commandLine, reason: `the heredoc <<${h.delimiter} ${rewritten}` });
      else this.found.snippets.push(this.heredocSnippet(h, body, bodyStart, terminated));
    }
    this.pending = [];
  }

  /** textwrap.dedent + strip("\n") over body lines, keeping the line map. */
  private heredocSnippet(h: Heredoc, body: { text: string; start: number }[], bodyStart: number, terminated: boolean): PythonSnippet {
    // `<<-` strips leading tabs from every body line
    const lines = body.map((b) => {
      let removed = 0;
      if (h.stripTabs) while (removed < b.text.length && b.text[removed] === '\t') removed++;
      return { text: b.text.slice(removed), start: b.start, removed };
    });
    const margin = commonMargin(lines.map((l) => l.text));
    const dedented = lines.map((l) => {
      if (isBlank(l.text)) return { text: '', start: l.start, offset: l.removed + l.text.length };
      const text = l.text.startsWith(margin) ? l.text.slice(margin.length) : l.text;
      return { text, start: l.start, offset: l.removed + (l.text.length - text.length) };
    });
    let first = 0;
    let last = dedented.length;
    while (first < last && dedented[first].text === '') first++;
    while (last > first && dedented[last - 1].text === '') last--;
    const kept = dedented.slice(first, last);
    const lineMap = kept.map((l) => {
      const lineStart = this.lines.positionAt(this.at(l.start));
      return { scriptLine: lineStart.line, columnOffset: lineStart.character + l.offset };
    });
    return {
      kind: 'heredoc',
      interpreter: h.interpreter ?? 'python',
      delimiter: h.delimiter,
      code: kept.map((l) => l.text).join('\n'),
      firstLine: lineMap.length > 0 ? lineMap[0].scriptLine : this.line(bodyStart),
      commandLine: h.commandLine,
      lineMap,
      terminated,
    };
  }

  /** `(…)`, `$(…)`, backquotes: a command list whose commands stand apart from the current one. */
  protected nested(terminator: ')' | '`'): void {
    if (this.depth >= maxNesting) {
      this.i = terminator === ')' ? skipBalanced(this.src, this.i - 1, '(', ')') : Math.max(this.i, this.src.indexOf('`', this.i) + 1 || this.src.length);
      return;
    }
    // the nested list is scanned at the same cursor, so its heredocs and snippets are found in place
    const outerWords = this.words;
    const outerHeredocs = this.heredocs;
    this.words = [];
    this.heredocs = [];
    this.terminators.push(terminator);
    this.list(terminator);
    this.terminators.pop();
    this.endCommand();
    this.words = outerWords;
    this.heredocs = outerHeredocs;
  }
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/**
 * An interpreter word: a Python name, written literally (a variable may give the directory), or a GitHub
 * expression naming a Python path (`${{ steps.setup-python.outputs.python-path }}`).
 */
function isInterpreter(word: Word): boolean {
  const base = basename(word.value);
  return (isPythonName(base) && !base.includes('$')) || /^\$\{\{[^}]*python[^}]*\}\}$/i.test(word.value);
}

function runsCode(word: Word): boolean {
  return isInterpreter(word) || SHELLS.has(basename(word.value));
}

/**
 * The word naming the Python interpreter or shell a command runs: the command itself, or an argument of a
 * wrapper (the first such word that is not an option's value), of a command given by a variable
 * (`$CONDA_RUN python …`), or right after `--` (`sde -spr -- python …`).
 */
function programWord(words: Word[], command: number): number | undefined {
  if (runsCode(words[command])) return command;
  if (WRAPPERS.has(basename(words[command].value)) || words[command].rewritten) {
    const k = wrappedProgram(words, command + 1, runsCode);
    return k < 0 ? undefined : k;
  }
  const dashes = words.findIndex((w, k) => k > command && w.value === '--' && !w.quoted);
  return dashes > 0 && words[dashes + 1] && runsCode(words[dashes + 1]) ? dashes + 1 : undefined;
}

/** `-c'code'` / `-Bc"code"`: the code written in the option's own word. */
function attachedCode(word: Word): Word | undefined {
  const option = /^-[bBdEiIOPqsSuvxR]*c/.exec(word.value)![0].length;
  if (word.map[option - 1] === undefined) return undefined;
  return { ...word, value: word.value.slice(option), map: word.map.slice(option) };
}

/** Index of the command name, past assignments and reserved words. */
function commandName(words: Word[]): number | undefined {
  for (let k = 0; k < words.length; k++) {
    const w = words[k].value;
    if (!words[k].quoted && (isAssignment(w) || RESERVED_WORDS.has(w))) continue;
    return k;
  }
  return undefined;
}

/** Where the Python program of the interpreter at `k` comes from: the word of its `-c` code, or stdin. */
function pythonProgram(words: Word[], k: number): { interpreter: number; code: number | 'stdin'; attached?: boolean } | undefined {
  for (let m = k + 1; m < words.length; m++) {
    const w = words[m];
    if (w.value === '-' && !w.quoted) return { interpreter: k, code: 'stdin' };
    if (/^-[bBdEiIOPqsSuvxR]*c$/.test(w.value) && !w.quoted) return { interpreter: k, code: m + 1 };
    if (/^-[bBdEiIOPqsSuvxR]*c./s.test(w.value)) return { interpreter: k, code: m, attached: true };
    if (w.quoted || !w.value.startsWith('-')) return undefined; // a script file: stdin is its data
    if (w.value === '-m') {
      // `python -m uv run python -c …`: a runner module; any other module's stdin is its data
      const module = words[m + 1];
      if (!module || !WRAPPERS.has(module.value)) return undefined;
      const inner = wrappedProgram(words, m + 2, isInterpreter);
      return inner < 0 ? undefined : pythonProgram(words, inner);
    }
    if (PYTHON_OPTIONS_WITH_ARGUMENT.has(w.value)) m++;
  }
  return { interpreter: k, code: 'stdin' };
}

/** The first word from `from` that `accept`s, not counting the values of interpreter options. */
function wrappedProgram(words: Word[], from: number, accept: (word: Word) => boolean): number {
  for (let k = from; k < words.length; k++) {
    if (INTERPRETER_OPTIONS.has(words[k].value)) k++;
    else if (accept(words[k])) return k;
  }
  return -1;
}

/** Why the shell rewrites the body of a heredoc with an unquoted delimiter, if it does. */
function heredocExpansion(body: string): string | undefined {
  const dollar = /\$(\{\{)?([A-Za-z_0-9@*#?$!{(-])?/g;
  for (const m of body.matchAll(dollar)) {
    if (m[1]) continue; // a GitHub expression, handled on its own
    if (m[2]) return `has an unquoted delimiter and the shell expands ${m[2] === '(' ? '$(…)' : m[2] === '{' ? '${…}' : `$${m[2]}`} in its body`;
  }
  if (body.includes('`')) return 'has an unquoted delimiter and the shell runs `…` in its body';
  if (/\\[\\$`\n]/.test(body)) return 'has an unquoted delimiter and the shell removes backslashes in its body';
  return undefined;
}

/** GitHub replaces `${{ … }}` in `run:` before the shell starts: the code Python gets is only known then. */
function githubExpression(code: string): string | undefined {
  return code.includes('${{') ? 'holds a GitHub expression ${{ … }}, replaced before the shell runs' : undefined;
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

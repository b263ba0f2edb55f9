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
import { rememberedBy } from '../../memo';
import { LineIndex } from '../../text/lineIndex';
import { checkCompilerRules } from './compilerChecks';
import { lezerView, parseWithLezer, SyntaxNode } from './grammar';
import { checkTreeGrammar } from './treeChecks';
import { checkBlockIndentation, isNewlineChar, lineColumn, LogicalLine, ParseProblem, Problem, scanSource } from './tokenizer';

export interface PythonSyntaxError {
  /** 1-based line in the given source. */
  line: number;
  /** 0-based column in UTF-16 code units of the given source. */
  column: number;
  message: string;
}

/** Results per snippet text: editing one job re-reads its workflow, but the other snippets are unchanged. */
export const findPythonSyntaxError = rememberedBy(5000, computePythonSyntaxError);

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

  // The grammar reads a view of the source (see `lezerView`); its positions are mapped back to the source.
  const view = lezerView(source, scan);
  const grammar = judgeGrammar(view.text);
  const toSource = (problem: Problem | undefined): Problem | undefined =>
    problem && { pos: view.toSource(problem.pos), message: problem.message };

  // Problems CPython's parser would raise; the earliest one wins.
  const parserProblems: ParseProblem[] = [];
  const indentProblem = checkBlockIndentation(scan.logicalLines, source, !scan.error);
  if (indentProblem) parserProblems.push(indentProblem);
  const treeProblem = toSource(grammar.treeProblem);
  if (treeProblem) parserProblems.push(treeProblem);
  if (scan.stringProblem) parserProblems.push(scan.stringProblem);
  if (grammar.firstError) {
    // The same fault seen by Lezer a few blanks earlier (e.g. at the line
    // break before an unexpected indent) is reported the specific way.
    const from = view.toSource(grammar.firstError.from);
    const sameFault = grammar.firstError.atLineStart && parserProblems.some((p) => p.pos >= from && onlyBlanksBetween(source, from, p.pos));
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
  return toSource(grammar.compilerProblem);
}

/** What the grammar and the compiler say of a view's text, in its offsets. */
interface GrammarVerdict {
  /** Lezer's first error that is not a known false alarm; at a line start when it is an empty node after a line break. */
  firstError?: { from: number; atLineStart: boolean };
  /** A rule of CPython's grammar Lezer does not enforce, broken in a statement before the first error. */
  treeProblem?: Problem;
  /** With neither: what CPython's compiler rejects. */
  compilerProblem?: Problem;
}

/** Per view text: snippets that differ only in the text of their strings are one text to the grammar. */
const judgeGrammar = rememberedBy(5000, (viewText: string): GrammarVerdict => {
  const { tree, text, firstError } = parseWithLezer(viewText);
  // Lezer's error recovery may restructure the statement around its first
  // error, so tree checks only trust statements that end before it.
  const treeProblem = checkTreeGrammar(tree, text, firstError ? statementStart(firstError) : text.length + 1);
  if (firstError) {
    const atLineStart = firstError.from === firstError.to && firstError.from > 0 && isNewlineChar(text[firstError.from - 1]);
    return { firstError: { from: firstError.from, atLineStart }, treeProblem };
  }
  return treeProblem ? { treeProblem } : { compilerProblem: checkCompilerRules(tree, text) };
});

const COMPOUND_KEYWORDS = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'def', 'class', 'async']);

/** "expected ':'" for a compound statement header without its colon, else CPython's generic message. */
function grammarMessage(logical: LogicalLine[], pos: number): string {
  const line = logical.find((l) => l.pos <= pos && pos <= l.lastEnd);
  if (line && line.colon === undefined && pos >= line.lastEnd && COMPOUND_KEYWORDS.has(line.first[0])) return "expected ':'";
  return 'invalid syntax';
}

/** Start of the innermost statement that contains `node`. */
function statementStart(node: SyntaxNode): number {
  let cur: SyntaxNode | null = node;
  while (cur && cur.parent && cur.parent.name !== 'Script' && cur.parent.name !== 'Body') cur = cur.parent;
  return cur ? Math.min(cur.from, node.from) : node.from;
}

function onlyBlanksBetween(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = src[i];
    if (c !== ' ' && c !== '\t' && c !== '\f' && !isNewlineChar(c)) return false;
  }
  return true;
}

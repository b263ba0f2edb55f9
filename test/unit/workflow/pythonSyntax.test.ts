import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { cpythonVerdicts, pythonVersion } from '../../support/cpython';
import { repoRoot } from '../../support/paths';
import { scanEmbeddedPython } from '../../../server/src/core/workflow/embeddedPython';
import { findPythonSyntaxError } from '../../../server/src/core/workflow/python';
import { lezerView } from '../../../server/src/core/workflow/python/grammar';
import { scanSource } from '../../../server/src/core/workflow/python/tokenizer';


const smokePath = [
  path.resolve(repoRoot, '../shared/fixtures/agent-skills/.github/workflows/smoke.yml'),
  path.resolve(repoRoot, 'examples/agent-skills/.github/workflows/smoke.yml'),
].find((p) => fs.existsSync(p));

/** The Python heredoc bodies of smoke.yml, normalised like the reference tool. */
function smokeBlocks(): string[] {
  if (!smokePath) return [];
  const workflow = parse(fs.readFileSync(smokePath, 'utf8')) as { jobs: Record<string, { steps?: { run?: unknown }[] }> };
  const blocks: string[] = [];
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps ?? []) {
      if (typeof step.run !== 'string') continue;
      for (const snippet of scanEmbeddedPython(step.run).snippets) blocks.push(snippet.code);
    }
  }
  return blocks;
}

// ---------------------------------------------------------------------------
// Deterministic mutations (mulberry32, no Math.random)

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [':', '(', "'", ')', '"', ',', '=', '[', '{', '\\'];
const STATEMENTS = ['return', 'else:', 'pass', 'def f(:', 'x =', 'break', 'import', 'lambda', 'yield', '1 = x', 'f() = 1', 'await x', 'nonlocal x'];

/** Tokens for the swap mutation: names, numbers, single punctuation characters. */
function roughTokens(code: string): [number, string][] {
  const out: [number, string][] = [];
  let i = 0;
  const word = (c: string): boolean => c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  while (i < code.length) {
    const c = code[i];
    if (c === ' ' || c === '\n' || c === '\t') {
      i++;
    } else if (word(c)) {
      const start = i;
      while (i < code.length && word(code[i])) i++;
      out.push([start, code.slice(start, i)]);
    } else {
      out.push([i, c]);
      i++;
    }
  }
  return out;
}

function mutate(code: string, rnd: () => number): { kind: string; code: string } {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const lines = code.split('\n');
  const kind = pick(9);
  const li = pick(lines.length);
  switch (kind) {
    case 0: {
      const p = pick(code.length);
      return { kind: 'delete char', code: code.slice(0, p) + code.slice(p + 1) };
    }
    case 1:
      lines.splice(li, 1);
      return { kind: 'delete line', code: lines.join('\n') };
    case 2:
      lines.splice(li, 0, lines[li]);
      return { kind: 'duplicate line', code: lines.join('\n') };
    case 3: {
      const delta = [1, 2, 4, -1, -2, -4][pick(6)];
      if (delta > 0) lines[li] = ' '.repeat(delta) + lines[li];
      else {
        let k = 0;
        while (k < -delta && lines[li][k] === ' ') k++;
        lines[li] = lines[li].slice(k);
      }
      return { kind: 'change indentation', code: lines.join('\n') };
    }
    case 4:
    case 5: {
      const ch = INSERTS[pick(INSERTS.length)];
      const p = pick(code.length + 1);
      return { kind: `insert ${ch}`, code: code.slice(0, p) + ch + code.slice(p) };
    }
    case 6: {
      const toks = roughTokens(code);
      const k = pick(toks.length - 1);
      const [a, ta] = toks[k];
      const [b, tb] = toks[k + 1];
      return { kind: 'swap tokens', code: code.slice(0, a) + tb + code.slice(a + ta.length, b) + ta + code.slice(b + tb.length) };
    }
    case 7:
      return { kind: 'truncate', code: code.slice(0, pick(code.length)) };
    default: {
      let indent = 0;
      while (lines[li][indent] === ' ') indent++;
      lines.splice(li, 0, ' '.repeat(indent) + STATEMENTS[pick(STATEMENTS.length)]);
      return { kind: 'insert statement', code: lines.join('\n') };
    }
  }
}

function check(code: string): [number, number, string] | undefined {
  const e = findPythonSyntaxError(code);
  return e && [e.line, e.column, e.message];
}

/** One test per case: the error is found where CPython places it (line, column, message). */
function placedLikeCPython(cases: [string, string, [number, number, string]][]): void {
  for (const [name, code, expected] of cases) it(name, () => assert.deepEqual(check(code), expected));
}

describe('workflow/pythonSyntax: Python syntax without Python', () => {
  it('accepts every Python block of smoke.yml', function () {
    const blocks = smokeBlocks();
    if (blocks.length === 0) this.skip();
    assert.equal(blocks.length, 11);
    for (const code of blocks) assert.equal(findPythonSyntaxError(code), undefined);
  });

  describe('valid code that a permissive grammar gets wrong', () => {
    const valid: [string, string][] = [
      ['bare yield', 'def g():\n    yield\n    x = yield\n    y = (yield)\n'],
      ['floats with a trailing dot', 'x = 1. if a else 2.\ny = (24.*3600.)\n'],
      ['class pattern without arguments', 'match p:\n    case Point() | Other():\n        pass\n'],
      ['parenthesised with items', 'with (\n    open(a) as f,  # first\n    open(b) as g,\n):\n    pass\n'],
      ['with targets: tuple, attribute, subscript', 'with a as (b, c), d as self.e, f as g[0]:\n    pass\n'],
      ['starred comprehension target', 'y = [a for a, *rest in items]\nz = f(a for a, *rest in items)\n'],
      ['comments inside argument lists', 'f(a=1,  # keyword\n  b=2)\n'],
      ['f-string with doubled braces and \\N{...}', 'x = f"{{a}} {b:>{w}} \\N{EM DASH}"\n'],
      ['raw strings keep backslashes', "p = r'C:\\Users\\x'\n"],
      ['unparenthesised generator as the only argument', 'total = sum(v for k, v in items)\n'],
      ['CRLF line breaks and backslash continuation', 'x = 1 + \\\r\n    2\r\nif x:\r\n    pass\r\n'],
      ['a long script with blank and comment lines', 'x = 1\n\n    # note\n\n'.repeat(3000)],
      // found on real code (the workflow corpus and the repositories it comes from)
      ['a backslash before braces in f-strings', "m = re.search(rf'{name}\\s*=\\s*\\{{[^}}]*\"nightly\"', text)\ny = f'\\{{' + fr'a\\}}'\n"],
      ['class patterns in a sequence pattern', 'match x:\n    case (str(), "not in", str()):\n        pass\n'],
      ['positional-only parameters in a lambda', 'f = lambda ident, /, **kwargs: False\n'],
      ['more with headers with tuple targets than 20', 'with f() as (a, _):\n    pass\n'.repeat(25)],
    ];
    for (const [name, code] of valid) {
      it(name, () => assert.equal(findPythonSyntaxError(code), undefined));
    }
  });

  describe('errors, placed where CPython places them', () => {
    const errors: [string, string, [number, number, string]][] = [
      ['unterminated string', "x = 1\nprint('abc)\n", [2, 6, 'unterminated string literal (detected at line 2)']],
      ['unterminated triple-quoted string', 'x = """abc\n\ny = 2\n', [1, 4, 'unterminated triple-quoted string literal (detected at line 3)']],
      ['unclosed bracket', 'x = foo(1,\n    2\ny = 3\n', [1, 7, "'(' was never closed"]],
      ['mismatched bracket', 'x = [1, 2)\n', [1, 9, "closing parenthesis ')' does not match opening parenthesis '['"]],
      ['unmatched bracket', 'x = 1)\n', [1, 5, "unmatched ')'"]],
      ['unexpected indent', 'import os\n  print(os.sep)\n', [2, 2, 'unexpected indent']],
      ['unindent mismatch', 'if x:\n    a = 1\n  b = 2\n', [3, 2, 'unindent does not match any outer indentation level']],
      ['missing block', 'for i in range(3):\nprint(i)\n', [2, 0, "expected an indented block after 'for' statement on line 1"]],
      ['missing block at the end', 'def f():\n', [1, 8, 'expected an indented block after function definition on line 1']],
      ['tabs after spaces', 'if x:\n        a\n\tb\n', [3, 1, 'inconsistent use of tabs and spaces in indentation']],
      ['missing colon', 'if x\n    pass\n', [1, 4, "expected ':'"]],
      ['generic grammar error', 'x = (1 +)\n', [1, 8, 'invalid syntax']],
      ['return outside function', 'import sys\nreturn 1\n', [2, 0, "'return' outside function"]],
      ['break outside loop', 'for i in x:\n    pass\nelse:\n    break\n', [4, 4, "'break' outside loop"]],
      ['await outside function', 'await main()\n', [1, 0, "'await' outside function"]],
      ['nonlocal at module level', 'nonlocal x\n', [1, 0, 'nonlocal declaration not allowed at module level']],
      ['assignment to a literal', 'x = 1\n1 = x\n', [2, 0, "cannot assign to literal here. Maybe you meant '==' instead of '='?"]],
      ['assignment to a call', 'f() = 1\n', [1, 0, "cannot assign to function call here. Maybe you meant '==' instead of '='?"]],
      ['Python 2 print', "print 'x'\n", [1, 0, "Missing parentheses in call to 'print'. Did you mean print(...)?"]],
      ['positional after keyword argument', 'f(a=1, b)\n', [1, 7, 'positional argument follows keyword argument']],
      ['f-string single }', 'x = f"{a}}"\n', [1, 9, "f-string: single '}' is not allowed"]],
      ['truncated \\U escape', "p = 'C:\\Users\\x'\n", [1, 4, "(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\UXXXXXXXX escape"]],
      ['smart quotes', 'x = \u2018a\u2019\n', [1, 4, "invalid character '\u2018' (U+2018)"]],
      ['leading zeros', 'x = 0777\n', [1, 4, 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers']],
      ['positional-only marker twice in a lambda', 'f = lambda a, /, b, /: 0\n', [1, 20, 'invalid syntax']],
      ['tokenizer error after a grammar error wins, like CPython', "x = = 1\nz = 'abc\n", [2, 4, 'unterminated string literal (detected at line 2)']],
      // CPython: offset 10 in code points (1-based); the emoji is two UTF-16 units
      ['column counts UTF-16 code units', 'x = "\u{1F600}" +\n', [1, 10, 'invalid syntax']],
    ];
    placedLikeCPython(errors);
  });

  // The grammar reads snippets without the text of their strings and the literal text of f-strings: one judgement
  // serves every snippet of the same shape, and its positions must come out right for each of them.
  describe('snippets that differ only in their strings, each placed where CPython places it', () => {
    const errors: [string, string, [number, number, string]][] = [
      ['a short string before the error', 'x = "ab" +\n', [1, 10, 'invalid syntax']],
      ['a longer string before the error', 'x = "abcdef" +\n', [1, 14, 'invalid syntax']],
      ['a triple-quoted string over three lines', 'x = """a\nb\nc"""\ny = (1 +)\n', [4, 8, 'invalid syntax']],
      ['escaped quotes, raw and bytes strings', "s = b'it\\'s' + r'\\d+'\nreturn s\n", [2, 0, "'return' outside function"]],
      ['an f-string with a short title', 's = f"## title {x} more" +\n', [1, 26, 'invalid syntax']],
      ['an f-string with a longer title', 's = f"## a much longer title {x} more" +\n', [1, 40, 'invalid syntax']],
      ['an f-string with a format spec, a nested field and a quoted field', "s = f'x {a} y {b:{c}d} z {\"q\"} w'\nreturn\n", [2, 0, "'return' outside function"]],
      ['a raw f-string with a backslash before a field', "s = rf'\\{x} lit \\d {y}'\nx = (\n", [2, 4, "'(' was never closed"]],
      ['a string holding `as` in a repaired `with` header', "with open(\"a as b\") as f, open('c') as (g, h):\n    pass\nx = (1 +)\n", [3, 8, 'invalid syntax']],
    ];
    placedLikeCPython(errors);
    it('gives the grammar one text for snippets that differ only in their strings and literal text', () => {
      const view = (code: string) => lezerView(code, scanSource(code)).text;
      const shape = (path: string, title: string) => `p = Path("${path}")\ns = f"## ${title}\\n{p.name!r:>{20}}"\nprint('''${title}''', b'${path}')\n`;
      assert.equal(view(shape('reports/a.json', 'Alpha')), view(shape('artifacts/evidence/b.json', 'A longer title')));
      assert.notEqual(view(shape('a', 'Alpha')), view(shape('a', 'Alpha').replace('p.name', 'p.stem')));
    });
    it('a string CPython cannot decode is found in each snippet of the same shape', () => {
      assert.deepEqual(check("p = 'C:\\Users\\x'\n"), [1, 4, "(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\UXXXXXXXX escape"]);
      assert.equal(check("p = 'C:/Users/x'\n"), undefined);
      assert.deepEqual(check("p = b'caf\u00e9'\n"), [1, 4, 'bytes can only contain ASCII literal characters']);
    });
  });

  it('agrees with CPython on mutations of the smoke.yml blocks', function () {
    this.timeout(120_000);
    const blocks = smokeBlocks();
    if (blocks.length === 0) this.skip();
    const rnd = mulberry32(20240611);
    const cases = Array.from({ length: 600 }, (_, k) => mutate(blocks[k % blocks.length], rnd));
    const verdicts = cpythonVerdicts(cases.map((c) => c.code));
    if (!verdicts) this.skip(); // no python3 on this machine
    let agree = 0;
    let both = 0;
    let sameLine = 0;
    const disagreements: string[] = [];
    cases.forEach((c, k) => {
      const ours = findPythonSyntaxError(c.code);
      const theirs = verdicts[k];
      if ((ours !== undefined) === (theirs !== null)) agree++;
      else disagreements.push(`${c.kind}: CPython ${theirs ? `line ${theirs.line}: ${theirs.msg}` : 'ok'}, ours ${ours ? `line ${ours.line}: ${ours.message}` : 'ok'}`);
      if (ours && theirs) {
        both++;
        if (ours.line === theirs.line) sameLine++;
      }
    });
    const agreement = agree / cases.length;
    const lineMatch = sameLine / both;
    const errorsFound = verdicts.filter((v) => v !== null).length;
    console.log(
      `      ${pythonVersion()}: ${cases.length} mutations, ${errorsFound} rejected by CPython; ` +
        `verdict agreement ${(agreement * 100).toFixed(1)}%, same line on ${sameLine}/${both} (${(lineMatch * 100).toFixed(1)}%)`,
    );
    for (const d of disagreements) console.log(`        disagreement: ${d}`);
    // Measured with this seed: CPython 3.10 / 3.11 agree on 100% of the
    // verdicts and 98.5% of the lines, 3.12 / 3.13 on 99.8% and 98.8% (the
    // miss: a quote nested in an f-string, valid since 3.12). Over 5,000
    // mutations from other seeds: 99.5-100% and 96.9-98.8%; what is left is
    // version-specific f-string rules and CPython's own line choice for
    // "Perhaps you forgot a comma?". The thresholds keep a margin for the
    // CPython release on the machine running the tests.
    assert.ok(agreement >= 0.98, `verdict agreement ${agreement}`);
    assert.ok(both >= 250, `only ${both} mutations rejected by both`);
    assert.ok(lineMatch >= 0.92, `same-line rate ${lineMatch}`);
  });
});

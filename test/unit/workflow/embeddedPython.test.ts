import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, isScalar } from 'yaml';
import { repoRoot } from '../../support/paths';
import { PythonSnippet, scanEmbeddedPython } from '../../../server/src/core/workflow/embeddedPython';
import { findPythonSyntaxError } from '../../../server/src/core/workflow/python';


/** The reference workflow (spec §2.5): shared fixture, or the identical copy in examples/. */
const smokePath = [
  path.resolve(repoRoot, '../shared/fixtures/agent-skills/.github/workflows/smoke.yml'),
  path.resolve(repoRoot, 'examples/agent-skills/.github/workflows/smoke.yml'),
].find((p) => fs.existsSync(p));

interface RunScript {
  script: string;
  /** 0-based file line of the script's first line. */
  fileLine: number;
}

/** Every `run:` block scalar of the workflow, with the file line its text starts on. */
function runScripts(text: string): RunScript[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const out: RunScript[] = [];
  const jobs = doc.get('jobs', true);
  assert.ok(isMap(jobs));
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue;
    const steps = job.value.get('steps', true);
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const run = step.get('run', true);
      if (!isScalar(run) || typeof run.value !== 'string' || !run.range) continue;
      // a block scalar (`run: |`) starts on the line after its indicator
      const indicatorLine = lineCounter.linePos(run.range[0]).line - 1;
      const block = run.type === 'BLOCK_LITERAL' || run.type === 'BLOCK_FOLDED';
      out.push({ script: run.value, fileLine: block ? indicatorLine + 1 : indicatorLine });
    }
  }
  return out;
}

function one(script: string): PythonSnippet {
  const found = scanEmbeddedPython(script).snippets;
  assert.equal(found.length, 1, `expected one snippet in ${JSON.stringify(script)}, got ${JSON.stringify(found)}`);
  return found[0];
}

function lines(...scriptLines: [number, number][]): { scriptLine: number; columnOffset: number }[] {
  return scriptLines.map(([scriptLine, columnOffset]) => ({ scriptLine, columnOffset }));
}

describe('workflow/embeddedPython: Python snippets in run scripts', () => {
  describe('the reference workflow (smoke.yml)', () => {
    it('finds the 11 `python - << \'PY\'` blocks at the documented lines, each parsing clean', function () {
      if (!smokePath) this.skip();
      const text = fs.readFileSync(smokePath as string, 'utf8');
      const fileLines = text.split('\n');
      const snippets: { snippet: PythonSnippet; fileLine: number }[] = [];
      for (const run of runScripts(text)) {
        for (const snippet of scanEmbeddedPython(run.script).snippets) snippets.push({ snippet, fileLine: run.fileLine });
      }
      assert.equal(snippets.length, 11);
      // 1-based first body lines, from artifact-contracts §2.5
      const expectedStarts = [127, 160, 230, 301, 355, 414, 506, 577, 803, 946, 1024];
      assert.deepEqual(
        snippets.map(({ snippet, fileLine }) => fileLine + snippet.firstLine + 1),
        expectedStarts,
      );
      for (const { snippet, fileLine } of snippets) {
        assert.equal(snippet.kind, 'heredoc');
        assert.equal(snippet.interpreter, 'python');
        assert.equal(snippet.delimiter, 'PY');
        assert.equal(snippet.terminated, true);
        assert.equal(findPythonSyntaxError(snippet.code), undefined);
        // The line map leads every code line back to its text in the file.
        const codeLines = snippet.code.split('\n');
        assert.equal(snippet.lineMap.length, codeLines.length);
        assert.equal(snippet.lineMap[0].scriptLine, snippet.firstLine);
        codeLines.forEach((codeLine, k) => {
          const { scriptLine, columnOffset } = snippet.lineMap[k];
          const raw = fileLines[fileLine + scriptLine];
          if (codeLine === '') assert.equal(raw.trim(), '');
          else assert.ok(raw.endsWith(codeLine) && raw.length - codeLine.length >= columnOffset, `line ${fileLine + scriptLine + 1}`);
        });
      }
    });
  });

  describe('heredoc forms', () => {
    it("python - << 'PY' (the reference form), dedented and stripped", () => {
      const script = ["echo start", "python - << 'PY'", '', '    import json', '', '    if True:', '        print(json.dumps({}))', '   ', 'PY', 'echo end'].join('\n');
      const s = one(script);
      assert.deepEqual(s, {
        kind: 'heredoc',
        interpreter: 'python',
        delimiter: 'PY',
        code: 'import json\n\nif True:\n    print(json.dumps({}))',
        firstLine: 3,
        commandLine: 1,
        lineMap: lines([3, 4], [4, 0], [5, 4], [6, 4]),
        terminated: true,
      });
    });

    it('python3 with <<\'PY\' (no space)', () => {
      const s = one("python3 <<'PY'\nprint(1)\nPY\n");
      assert.equal(s.interpreter, 'python3');
      assert.equal(s.delimiter, 'PY');
      assert.equal(s.code, 'print(1)');
      assert.deepEqual(s.lineMap, lines([1, 0]));
    });

    it('python3.11 with << "PY" (double-quoted delimiter)', () => {
      const s = one('python3.11 - << "PY"\nx = 1\nPY\n');
      assert.equal(s.interpreter, 'python3.11');
      assert.equal(s.delimiter, 'PY');
      assert.equal(s.code, 'x = 1');
    });

    it('unquoted <<PY and <<EOF, with and without `-`', () => {
      assert.equal(one('python <<PY\na = 2\nPY').delimiter, 'PY');
      const e = one('python - <<EOF\nprint("hi")\nEOF\n');
      assert.equal(e.delimiter, 'EOF');
      assert.equal(e.code, 'print("hi")');
      const stdin = one('python3 <<EOF\nimport sys\nEOF\n');
      assert.equal(stdin.interpreter, 'python3');
      assert.equal(stdin.code, 'import sys');
    });

    it('other delimiters (PYTHON, END_OF_SCRIPT)', () => {
      assert.equal(one("python - <<'PYTHON'\npass\nPYTHON\n").delimiter, 'PYTHON');
      assert.equal(one('python3 - <<END_OF_SCRIPT\npass\nEND_OF_SCRIPT\n').delimiter, 'END_OF_SCRIPT');
    });

    it('<<-PY strips leading tabs (body and terminator), then dedents', () => {
      const s = one('python3 <<-PY\n\t\tif x:\n\t\t    y = 1\n\tPY\necho after\n');
      assert.equal(s.code, 'if x:\n    y = 1');
      assert.deepEqual(s.lineMap, lines([1, 2], [2, 2]));
      assert.equal(s.terminated, true);
    });

    it('the terminator is a line that is exactly the delimiter, as bash reads it', () => {
      const s = one("python - << 'PY'\nprint('PY')\n  PY  \nprint('still python')\nPY\necho done\n");
      assert.equal(s.code, "print('PY')\n  PY  \nprint('still python')");
      assert.equal(s.terminated, true);
      const tabs = one("python - <<-PY\n\tprint(1)\n\t\tPY\n");
      assert.equal(tabs.code, 'print(1)');
      assert.equal(tabs.terminated, true, '<<- strips leading tabs from the terminator too');
    });

    it('an unterminated heredoc runs to the end of the script', () => {
      const s = one("python - << 'PY'\nimport os\n\nprint(os.sep)\n");
      assert.equal(s.terminated, false);
      assert.equal(s.code, 'import os\n\nprint(os.sep)');
      assert.deepEqual(s.lineMap, lines([1, 0], [2, 0], [3, 0]));
    });

    it('dedent keeps relative indentation and mixed margins like textwrap.dedent', () => {
      // common margin of "\t  a" and "\t b" is "\t " (character-wise, not column-wise)
      const s = one('python - <<PY\n\t  a = 1\n\t b = 2\nPY\n');
      assert.equal(s.code, ' a = 1\nb = 2');
      assert.deepEqual(s.lineMap, lines([1, 2], [2, 2]));
    });

    it('redirections, wrappers, command substitution and `if` around the interpreter', () => {
      assert.equal(one("python3 - <<'PY' > out.txt 2>&1\nprint(1)\nPY\n").code, 'print(1)');
      assert.equal(one("sudo -E python3 - <<'PY'\nprint(2)\nPY\n").code, 'print(2)');
      assert.equal(one("uv run --with pyyaml python - <<'PY'\nprint(3)\nPY\n").code, 'print(3)');
      assert.equal(one("OUT=$(python - <<'PY'\nprint(4)\nPY\n)\necho \"$OUT\"\n").code, 'print(4)');
      assert.equal(one("if python3 - <<'PY'; then echo ok; fi\nprint(5)\nPY\n").code, 'print(5)');
      assert.equal(one("/usr/bin/python3 - <<'PY'\nprint(6)\nPY\n").interpreter, '/usr/bin/python3');
    });

    it('several snippets in one script, in order, with script lines', () => {
      const script = ["python - <<'PY'", 'a = 1', 'PY', 'echo mid', "python3 <<'EOF'", '  b = 2', 'EOF'].join('\n');
      const found = scanEmbeddedPython(script).snippets;
      assert.deepEqual(
        found.map((s) => [s.code, s.firstLine, s.lineMap[0].columnOffset]),
        [
          ['a = 1', 1, 0],
          ['b = 2', 5, 2],
        ],
      );
    });

    it('ignores heredocs that are not Python programs', () => {
      assert.deepEqual(scanEmbeddedPython('cat <<EOF > file.py\nprint(1)\nEOF\n').snippets, []);
      // stdin is data for a script or a module, not the program
      assert.deepEqual(scanEmbeddedPython('python tooling/check.py <<EOF\n{}\nEOF\n').snippets, []);
      assert.deepEqual(scanEmbeddedPython('python -m json.tool <<EOF\n{}\nEOF\n').snippets, []);
      // a here-string, quoted or commented-out text
      assert.deepEqual(scanEmbeddedPython("python3 <<< 'print(1)'\n").snippets, []);
      assert.deepEqual(scanEmbeddedPython("echo \"python - << 'PY'\"\n# python - << 'PY'\n").snippets, []);
      // the body of another heredoc is data, even when it looks like an invocation
      assert.deepEqual(scanEmbeddedPython("cat <<'EOF'\npython - << 'PY'\nx\nPY\nEOF\n").snippets, []);
    });
  });

  describe('python -c', () => {
    it('single-quoted, one line', () => {
      const s = one("python -c 'import sys; print(sys.version)'");
      assert.deepEqual(s, {
        kind: 'inline',
        interpreter: 'python',
        code: 'import sys; print(sys.version)',
        commandLine: 0,
        firstLine: 0,
        lineMap: lines([0, 11]),
        terminated: true,
      });
    });

    it('double-quoted without expansions, shell escapes undone', () => {
      const s = one('echo x\npython3 -c "print(\\"hi\\")"');
      assert.equal(s.interpreter, 'python3');
      assert.equal(s.code, 'print("hi")');
      assert.deepEqual(s.lineMap, lines([1, 12]));
    });

    it('multi-line quoted code is taken as is (CPython does not dedent -c)', () => {
      const s = one("python -c '\nimport json\nprint(json.dumps([]))\n' extra-arg");
      assert.equal(s.code, '\nimport json\nprint(json.dumps([]))\n');
      assert.equal(s.firstLine, 0);
      assert.deepEqual(s.lineMap, lines([0, 11], [1, 0], [2, 0], [3, 0]));
    });

    it('skips double-quoted code the shell would expand, and non-literal arguments', () => {
      assert.deepEqual(scanEmbeddedPython('python -c "print(\'$HOME\')"').snippets, []);
      assert.deepEqual(scanEmbeddedPython('python -c "print(`date`)"').snippets, []);
      assert.deepEqual(scanEmbeddedPython('python -c "$CODE"').snippets, []);
      assert.deepEqual(scanEmbeddedPython('python -c $CODE').snippets, []);
    });

    it('a word of several quoted parts is the code the shell passes', () => {
      const s = one("python -c 'import sys'\"; print(1)\"");
      assert.equal(s.code, 'import sys; print(1)');
      assert.deepEqual(s.lineMap, lines([0, 11]));
      assert.equal(one("python -c $'print(\\'a\\')\\nprint(2)'").code, "print('a')\nprint(2)");
    });
  });

  describe('interpreters behind quoting, wrappers and nested scripts', () => {
    it('"$(python -c \'…\')" inside double quotes is a script of its own', () => {
      const s = one('echo "version=$(python -c \'import sys; print(sys.version)\')" >> "$GITHUB_OUTPUT"');
      assert.equal(s.code, 'import sys; print(sys.version)');
      assert.deepEqual(s.lineMap, lines([0, 27]));
      assert.equal(one('V=`python3 -c "print(1)"`').code, 'print(1)');
      assert.equal(one("diff <(python -c 'print(1)') expected.txt").code, 'print(1)');
    });

    it('a quoted or variable interpreter path', () => {
      const s = one('"$VENV/bin/python" - <<\'PY\'\nprint(1)\nPY\n');
      assert.equal(s.interpreter, '$VENV/bin/python');
      assert.equal(s.code, 'print(1)');
      assert.equal(one("${PYTHON_DIR}/python3 -c 'pass'").code, 'pass');
      assert.equal(one("'/opt/py 3/bin/python3.12' -c 'pass'").code, 'pass');
      assert.equal(one("${{ steps.setup-python.outputs.python-path }} -c 'pass'").code, 'pass');
      assert.equal(one("python3-dbg -c 'pass'").interpreter, 'python3-dbg');
      assert.equal(one("python3.13t -c 'pass'").interpreter, 'python3.13t');
      // the interpreter's name itself comes from a variable: not known to be Python
      assert.deepEqual(scanEmbeddedPython("$PYTHON -c 'pass'").snippets, []);
    });

    it('wrappers and their options', () => {
      assert.equal(one("uv run --with 'numpy>=2' python -c 'import numpy'").code, 'import numpy');
      assert.equal(one("uv run --python python3.12 python -I -c 'pass'").interpreter, 'python');
      assert.equal(one("python -m uv run python -P -c 'print(2)'").code, 'print(2)');
      assert.equal(one("pixi run -e py312 -- python -c 'print(3)'").code, 'print(3)');
      assert.equal(one("hatch run python -c 'print(4)'").code, 'print(4)');
      assert.equal(one("docker run --rm -i python:3.12 python - <<'PY'\nprint(5)\nPY\n").code, 'print(5)');
      assert.equal(one("python3 -W error -Bc 'print(6)'").code, 'print(6)');
      assert.equal(one('python -c"import sys" > out.txt').code, 'import sys');
      assert.equal(one("python -m spin run python -P -c 'print(7)'").code, 'print(7)');
      assert.equal(one("sde -spr -- python -c 'print(8)'").code, 'print(8)');
      assert.equal(one("${CONDA_RUN} python -c 'print(9)'").code, 'print(9)', 'a command given by a variable');
      // a module's stdin is its data; `python -m pip` runs no code of ours
      assert.deepEqual(scanEmbeddedPython("python -m pip install -c 'constraints.txt'").snippets, []);
    });

    it("code nested in bash -c '…', at its place in the script", () => {
      const s = one("echo start\nbash -c 'python3 -c \"print(1)\"'");
      assert.equal(s.code, 'print(1)');
      assert.deepEqual(s.lineMap, lines([1, 21]));
      assert.equal(one("docker run -v \"$(pwd):/src\" image /bin/bash -c '\n  cd /src\n  python -c \"print(3)\"\n'").code, 'print(3)');
      const heredoc = one("sh -ec '\npython - <<EOF\nprint(2)\nEOF\n'");
      assert.equal(heredoc.code, 'print(2)');
      assert.deepEqual(heredoc.lineMap, lines([2, 0]));
    });
  });

  describe('code the shell or GitHub rewrites before Python sees it is skipped, with the reason', () => {
    const skipped = (script: string) => {
      const found = scanEmbeddedPython(script);
      assert.deepEqual(found.snippets, [], `no snippet expected in ${JSON.stringify(script)}`);
      assert.equal(found.skipped.length, 1, JSON.stringify(found.skipped));
      return found.skipped[0].reason;
    };

    it('expansions in double-quoted code', () => {
      assert.match(skipped('python -c "print(\'$HOME\')"'), /variable \$HOME/);
      assert.match(skipped('python -c "import os; print(${X:-1})"'), /parameter expansion/);
      assert.match(skipped('python -c "print($(date +%s))"'), /command substitution/);
      assert.match(skipped('python -c "$CODE"'), /variable \$CODE/);
    });

    it('an unquoted heredoc delimiter whose body the shell expands; a quoted one is literal', () => {
      assert.match(skipped('python - <<EOF\nprint("$HOME")\nEOF\n'), /unquoted delimiter and the shell expands \$H/);
      assert.match(skipped('python - <<EOF\nprint("a\\\\nb")\nEOF\n'), /removes backslashes/);
      assert.match(skipped('python - <<EOF\nprint(`id`)\nEOF\n'), /runs `…`/);
      assert.equal(one("python - <<'EOF'\nprint(\"$HOME\")\nEOF\n").code, 'print("$HOME")');
      // a `$` the shell leaves alone
      assert.equal(one('python - <<EOF\nimport re; re.match("a$", "a")\nEOF\n').code, 'import re; re.match("a$", "a")');
    });

    it('GitHub expressions', () => {
      assert.match(skipped("python -c 'print(\"${{ matrix.os }}\")'"), /GitHub expression/);
      assert.match(skipped("python - <<'PY'\nx = ${{ inputs.n }}\nPY\n"), /GitHub expression/);
    });

    it('a shell script built from variables', () => {
      assert.match(skipped('bash -c "python -c \'print($N)\'"'), /variable \$N/);
    });
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { checkWorkspace } from '../../../server/src/core/engine';
import { internalErrorRule } from '../../../server/src/core/rules/index';
import { reportedCheckNames } from '../../../server/src/core/workflow/checkNames';
import { PythonSnippet, scanEmbeddedPython } from '../../../server/src/core/workflow/embeddedPython';
import { findPythonSyntaxError } from '../../../server/src/core/workflow/python';
import { readWorkflows } from '../../../server/src/core/workflow/workflowModel';
import { WorkspaceModel } from '../../../server/src/core/workspace';
import { corpusRepositories, corpusSnapshot, CorpusRepository, workflowFiles } from '../../support/corpus';
import { CPythonVerdict, cpythonVerdicts, pythonVersion } from '../../support/cpython';

/**
 * The engine over the workflows of real public repositories (test/corpus): it must not fail on any of them,
 * agree with CPython on every Python snippet they embed, and compute the check names GitHub computes.
 */

const repositories = corpusRepositories();

function readYaml(repository: CorpusRepository, file: string): any {
  try {
    return parse(fs.readFileSync(path.join(repository.folder, file), 'utf8'), { uniqueKeys: false });
  } catch {
    return undefined;
  }
}

interface CorpusSnippet {
  where: string;
  snippet: PythonSnippet;
}

/** Every Python snippet of the corpus: `run:` of workflow steps and of composite actions' steps. */
function corpusSnippets(): { snippets: CorpusSnippet[]; skipped: number } {
  const snippets: CorpusSnippet[] = [];
  let skipped = 0;
  for (const repository of repositories) {
    for (const file of repository.files) {
      const doc = readYaml(repository, file);
      const steps: { job: string; step: any }[] = [];
      for (const [job, body] of Object.entries<any>(doc?.jobs ?? {})) for (const step of body?.steps ?? []) steps.push({ job, step });
      for (const step of doc?.runs?.steps ?? []) steps.push({ job: '(action)', step });
      for (const { job, step } of steps) {
        if (typeof step?.run !== 'string') continue;
        const found = scanEmbeddedPython(step.run);
        skipped += found.skipped.length;
        for (const snippet of found.snippets) snippets.push({ where: `${repository.repository}/${file} job ${job}`, snippet });
      }
    }
  }
  return { snippets, skipped };
}

describe('corpus: real workflows of public repositories', function () {
  this.timeout(300_000);

  it('holds at least 40 repositories and 500 workflow files, each file where its provenance says', () => {
    let workflows = 0;
    for (const repository of repositories) {
      assert.match(repository.commit, /^[0-9a-f]{40}$/);
      for (const file of repository.files) assert.ok(fs.existsSync(path.join(repository.folder, file)), `${repository.repository}: ${file}`);
      workflows += workflowFiles(repository).length;
    }
    assert.ok(repositories.length >= 40, `${repositories.length} repositories`);
    assert.ok(workflows >= 500, `${workflows} workflow files`);
  });

  it('checks every repository without a fault, every finding inside its file', () => {
    for (const repository of repositories) {
      const snapshot = corpusSnapshot(repository);
      const result = checkWorkspace(snapshot);
      for (const finding of result.findings) {
        const where = `${repository.repository}: ${finding.file} ${JSON.stringify(finding.range)} ${finding.rule}`;
        assert.notEqual(finding.rule, internalErrorRule, `${where}: ${finding.message}`);
        const text = snapshot.files.get(finding.file);
        const lines = text === undefined ? [''] : text.split('\n');
        for (const position of [finding.range.start, finding.range.end]) {
          assert.ok(position.line >= 0 && position.line < lines.length, `${where}: line outside the file`);
          assert.ok(position.character >= 0 && position.character <= lines[position.line].length, `${where}: column outside the line`);
        }
      }
    }
  });

  describe('embedded Python, with CPython as the oracle', () => {
    const { snippets, skipped } = corpusSnippets();
    let verdicts: CPythonVerdict[] | undefined;
    before(function () {
      verdicts = cpythonVerdicts(snippets.map((s) => s.snippet.code));
      if (!verdicts) this.skip(); // no python3 on this machine
    });

    it('finds the snippets of every form', () => {
      const heredocs = snippets.filter((s) => s.snippet.kind === 'heredoc').length;
      console.log(`        ${snippets.length} snippets (${heredocs} heredocs, ${snippets.length - heredocs} -c), ${skipped} skipped as rewritten by the shell or GitHub; ${pythonVersion()}`);
      assert.ok(heredocs >= 5 && snippets.length - heredocs >= 100, `${heredocs} heredocs, ${snippets.length - heredocs} -c`);
    });

    it('every finding agrees with CPython, and every snippet CPython rejects is found, at its line', () => {
      const disagreements: string[] = [];
      let rejected = 0;
      snippets.forEach(({ where, snippet }, k) => {
        const ours = findPythonSyntaxError(snippet.code);
        const theirs = verdicts![k];
        if (theirs) rejected++;
        if ((ours === undefined) !== (theirs === null) || (ours && theirs && ours.line !== theirs.line)) {
          disagreements.push(`${where}: CPython ${theirs ? `line ${theirs.line}: ${theirs.msg}` : 'compiles it'}, ours ${ours ? `line ${ours.line}: ${ours.message}` : 'none'}`);
        }
      });
      console.log(`        ${snippets.length - disagreements.length}/${snippets.length} verdicts agree with CPython (${rejected} rejected by CPython)`);
      assert.deepEqual(disagreements, []);
    });

    it('finds a syntax error planted in every real snippet at its line (at least 95%)', () => {
      // Each accepted snippet gets one error, on a line chosen from the snippet's hash; a plant CPython does not
      // reject on that line (a comment, a string) moves to the next line, up to every line of the snippet.
      const plants = [' )', ':', ' = ='];
      const accepted = snippets.map((s, k) => ({ code: s.snippet.code, where: s.where, k })).filter((s) => verdicts![s.k] === null);
      let open = accepted.map((s) => ({ ...s, lines: s.code.split('\n'), tries: 0 }));
      const planted: { where: string; code: string; line: number }[] = [];
      while (open.length > 0) {
        const attempts = open.map((s) => {
          const line = (hash(s.code) + s.tries) % s.lines.length;
          const lines = [...s.lines];
          lines[line] += plants[(s.k + s.tries) % plants.length];
          return { s, code: lines.join('\n'), line: line + 1 };
        });
        const results = cpythonVerdicts(attempts.map((a) => a.code))!;
        const next: typeof open = [];
        attempts.forEach((a, j) => {
          if (results[j]?.line === a.line) planted.push({ where: a.s.where, code: a.code, line: a.line });
          else if (a.s.tries + 1 < a.s.lines.length) next.push({ ...a.s, tries: a.s.tries + 1 });
        });
        open = next;
      }
      const missed = planted.filter((p) => findPythonSyntaxError(p.code)?.line !== p.line);
      const share = (planted.length - missed.length) / planted.length;
      console.log(`        planted errors found at their line: ${planted.length - missed.length}/${planted.length} (${(share * 100).toFixed(1)}%), ${accepted.length - planted.length} snippets without a line CPython rejects`);
      for (const m of missed) console.log(`        missed: ${m.where} line ${m.line}`);
      assert.ok(planted.length >= accepted.length * 0.9, `${planted.length} of ${accepted.length} snippets planted`);
      assert.ok(share >= 0.95, `${(share * 100).toFixed(1)}%`);
    });
  });

  it("computes every job's check names as an independent reading of GitHub's rules does", () => {
    let jobs = 0;
    let computedByBoth = 0;
    const disagreements: string[] = [];
    const notComputedByUs: string[] = [];
    const computedByUsOnly: string[] = [];
    for (const repository of repositories) {
      const workflows = readWorkflows(new WorkspaceModel(corpusSnapshot(repository)));
      const findWorkflow = (uses: string) => workflows.find((w) => w.file === uses.replace(/^\.\//, '').replace(/@.*$/, ''));
      const readCallee = (uses: string) => (/^\.\/\.github\/workflows\/[^/]+\.ya?ml$/.test(uses) ? readYaml(repository, uses.slice(2)) : undefined);
      for (const workflow of workflows) {
        const raw = readYaml(repository, workflow.file);
        for (const job of workflow.jobs) {
          jobs++;
          const where = `${repository.repository} ${workflow.file} job ${job.id}`;
          const expected = githubCheckNames(job.id, raw?.jobs?.[job.id], readCallee, 0);
          const ours = reportedCheckNames(job, findWorkflow);
          if (expected === undefined) {
            if (!ours.unresolved) computedByUsOnly.push(where);
            // a name with an expression left in it is never what GitHub reports
            if (ours.names.some((n) => n.includes('${{'))) {
              disagreements.push(`${where}: ours ${JSON.stringify(ours.names)} keep an expression GitHub evaluates`);
            }
            continue;
          }
          if (ours.unresolved) {
            notComputedByUs.push(`${where}: ${ours.unresolved}`);
            continue;
          }
          computedByBoth++;
          const sorted = (names: string[]) => [...new Set(names)].sort();
          if (JSON.stringify(sorted(ours.names)) !== JSON.stringify(sorted(expected))) {
            disagreements.push(`${where}: GitHub ${JSON.stringify(sorted(expected))}, ours ${JSON.stringify(sorted(ours.names))}`);
          }
        }
      }
    }
    console.log(`        ${jobs} jobs; names computed by both readings for ${computedByBoth}, by the independent reading only for ${notComputedByUs.length}, by the engine only for ${computedByUsOnly.length}`);
    for (const n of notComputedByUs) console.log(`        not computed by the engine: ${n}`);
    for (const n of computedByUsOnly) console.log(`        computed by the engine only: ${n}`);
    assert.deepEqual(disagreements, []);
  });
});

function hash(text: string): number {
  let h = 2166136261;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------------------
// GitHub's naming rules, read from its documentation and written here on their own, without the engine:
// - a job's check is its `name:`, else its id;
// - a matrix job reports one check per combination: when its name has no `${{ matrix.* }}` expression, the
//   combination's values are appended as `name (v1, v2, …)` in the matrix's order (axes first, then values an
//   `include` entry adds), empty strings and nulls left out (runner.server's job naming, which follows
//   GitHub's: ChristopherHX/runner.server#78); when it has, the expressions are replaced;
// - combinations: the product of the axes, then `exclude` removes those that match an entry, then each
//   `include` entry is added to every combination whose original values it does not change, or becomes a
//   combination of its own when it fits none;
// - a job calling a reusable workflow of the same repository reports `caller / callee job` for every job of
//   the called workflow, nested up to the documented depth.
// Anything else (expressions other than matrix values, object or list values, remote workflows) is left
// out: undefined means "this reading cannot tell".

type Values = Record<string, unknown>;

function githubCheckNames(id: string, job: any, readCallee: (uses: string) => any, depth: number): string[] | undefined {
  if (job === null || typeof job !== 'object' || depth > 9) return undefined;
  const name = typeof job.name === 'string' ? job.name : job.name === undefined ? id : undefined;
  if (name === undefined) return undefined;
  const matrix = job.strategy?.matrix;
  let own: string[] | undefined;
  if (matrix === undefined) {
    own = name.includes('${{') ? undefined : [name];
  } else {
    const combinations = matrixCombinations(matrix);
    if (combinations === undefined) return undefined;
    own = [];
    for (const combination of combinations) {
      if (!name.includes('${{')) {
        const values = Object.values(combination).filter((v) => v !== '' && v !== null).map(shown);
        if (values.includes(undefined)) return undefined;
        own.push(values.length === 0 ? name : `${name} (${values.join(', ')})`);
        continue;
      }
      let unknown = false;
      const replaced = name.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_: string, expression: string) => {
        const key = /^matrix\.([A-Za-z0-9_-]+)$/.exec(expression)?.[1];
        const value = key === undefined ? undefined : shown(combination[key]);
        if (value === undefined) unknown = true;
        return value ?? '';
      });
      if (unknown) return undefined;
      own.push(replaced);
    }
  }
  if (own === undefined || typeof job.uses !== 'string') return own;
  const callee = readCallee(job.uses);
  if (!callee?.jobs || typeof callee.jobs !== 'object') return undefined;
  const names: string[] = [];
  for (const [calleeId, calleeJob] of Object.entries<any>(callee.jobs)) {
    const inner = githubCheckNames(calleeId, calleeJob, readCallee, depth + 1);
    if (inner === undefined) return undefined;
    for (const caller of own) for (const n of inner) names.push(`${caller} / ${n}`);
  }
  return names;
}

function shown(value: unknown): string | undefined {
  if (typeof value === 'string') return value.includes('${{') ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function matrixCombinations(matrix: unknown): Values[] | undefined {
  if (matrix === null || typeof matrix !== 'object' || Array.isArray(matrix)) return undefined;
  const { include = [], exclude = [], ...axes } = matrix as Record<string, unknown>;
  if (!Array.isArray(include) || !Array.isArray(exclude)) return undefined;
  let combinations: Values[] = Object.keys(axes).length === 0 ? [] : [{}];
  for (const [key, values] of Object.entries(axes)) {
    if (!Array.isArray(values)) return undefined;
    const next: Values[] = [];
    for (const combination of combinations) for (const value of values) next.push({ ...combination, [key]: value });
    combinations = next;
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  // "An excluded configuration only has to be a partial match": objects too, key by key.
  const partial = (pattern: unknown, value: unknown): boolean =>
    pattern !== null && typeof pattern === 'object' && !Array.isArray(pattern)
      ? value !== null && typeof value === 'object' && Object.entries(pattern).every(([k, v]) => partial(v, (value as Values)[k]))
      : same(pattern, value);
  combinations = combinations.filter((c) => !exclude.some((e: Values) => partial(e, c)));
  const originalCount = combinations.length;
  for (const entry of include as Values[]) {
    let added = false;
    for (const combination of combinations.slice(0, originalCount)) {
      if (Object.keys(entry).some((k) => k in axes && !same(combination[k], entry[k]))) continue;
      Object.assign(combination, Object.fromEntries(Object.entries(entry).filter(([k]) => !(k in axes))));
      added = true;
    }
    if (!added) combinations.push({ ...entry });
  }
  return combinations.length === 0 || combinations.length > 256 ? undefined : combinations;
}

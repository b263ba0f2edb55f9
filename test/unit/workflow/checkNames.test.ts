import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { reportedCheckNames, ReportedCheckNames } from '../../../server/src/core/workflow/checkNames';
import { expandMatrix } from '../../../server/src/core/workflow/matrix';
import { localUsesPath, readWorkflows, Workflow, workflowFinder, WorkflowJob } from '../../../server/src/core/workflow/workflowModel';
import { WorkspaceModel } from '../../../server/src/core/workspace';

/**
 * The check-run names GitHub reports for a job, from small workflow snippets read through the engine's
 * own model (WorkspaceModel → readWorkflows). The expectations follow GitHub's documentation:
 * https://docs.github.com/actions/using-jobs/using-a-matrix-for-your-jobs (include / exclude) and
 * https://docs.github.com/actions/how-tos/reuse-automations/reuse-workflows (nesting).
 */

/** Removes the common indentation of a template literal and its first and last blank lines. */
function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const margin = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(margin)).join('\n') + '\n';
}

function indent(text: string, spaces: number): string {
  return dedent(text)
    .split('\n')
    .map((l) => (l === '' ? l : ' '.repeat(spaces) + l))
    .join('\n');
}

function readAll(files: Record<string, string>): Workflow[] {
  const model = new WorkspaceModel({ files: new Map(Object.entries(files)), now: new Date('2026-11-20T12:00:00Z') });
  return readWorkflows(model);
}

const ciFile = '.github/workflows/ci.yml';

/** A workflow whose jobs are given as YAML (any indentation; it is re-indented under `jobs:`). */
function workflow(jobs: string, on = 'pull_request'): string {
  return `name: CI\non: ${on}\njobs:\n${indent(jobs, 2)}`;
}

/** The names job `jobId` (default: the first job) of ci.yml reports, with the other files present. */
function names(files: Record<string, string>, jobId?: string, file = ciFile): ReportedCheckNames {
  const all = readAll(files);
  const findWorkflow = workflowFinder(all);
  const wf = all.find((w) => w.file === file);
  assert.ok(wf, `${file} is read`);
  const job = jobId === undefined ? wf.jobs[0] : wf.jobs.find((j) => j.id === jobId);
  assert.ok(job, `job ${jobId} exists`);
  return reportedCheckNames(job, findWorkflow);
}

function namesOfJob(jobYaml: string): ReportedCheckNames {
  return names({ [ciFile]: workflow(jobYaml) });
}

/** The first job of a workflow whose only job `test` has this `strategy.matrix`. */
function jobWithMatrix(matrix: string, name?: string): WorkflowJob {
  const job = `test:\n${name === undefined ? '' : `  name: ${name}\n`}  runs-on: ubuntu-latest\n  strategy:\n    matrix:\n${indent(matrix, 6)}  steps:\n    - run: echo test\n`;
  const [wf] = readAll({ [ciFile]: workflow(job) });
  assert.equal(wf.doc.syntaxErrors.length, 0, JSON.stringify(wf.doc.syntaxErrors));
  return wf.jobs[0];
}

function combinations(matrix: string): Record<string, unknown>[] {
  const result = expandMatrix(jobWithMatrix(matrix).matrix);
  assert.ok(result.kind === 'combinations', `combinations expected, got ${JSON.stringify(result)}`);
  return result.combinations;
}

function matrixNames(matrix: string, name?: string): string[] {
  const job = jobWithMatrix(matrix, name);
  const reported = reportedCheckNames(job, () => undefined);
  assert.equal(reported.unresolved, undefined, `resolved: ${reported.unresolved}`);
  return reported.names;
}

describe('workflow/checkNames', () => {
  describe('expandMatrix: GitHub\'s combinations', () => {
    it('excludes in part: an object by some of its keys; a string never matches a number', () => {
      assert.deepEqual(
        matrixNames(`
          tpu:
            - { type: v5e, cores: 8 }
            - { type: v6e, cores: 8 }
          x64: [1, 0]
          exclude:
            - tpu: { type: v6e }
              x64: 0
            - tpu: { type: v5e }
              x64: "1"
        `),
        ['test (v5e, 8, 1)', 'test (v5e, 8, 0)', 'test (v6e, 8, 1)'],
      );
    });

    it('does not guess what an exclude whose value is an expression removes', () => {
      const expansion = expandMatrix(jobWithMatrix(`os: [a, b]\nexclude:\n  - os: \${{ github.event_name }}\n`).matrix);
      assert.equal(expansion.kind, 'unknown');
    });

    it('crosses the axes in key order, the first key varying slowest', () => {
      assert.deepEqual(
        combinations(`
          os: [ubuntu-latest, windows-latest]
          node: [18, 20]
        `),
        [
          { os: 'ubuntu-latest', node: 18 },
          { os: 'ubuntu-latest', node: 20 },
          { os: 'windows-latest', node: 18 },
          { os: 'windows-latest', node: 20 },
        ],
      );
    });

    it('expands the documented fruit/animal example exactly (include extends, overwrites added values, else adds)', () => {
      // docs: "Example: Expanding configurations" — the six resulting combinations, in this order.
      assert.deepEqual(
        combinations(`
          fruit: [apple, pear]
          animal: [cat, dog]
          include:
            - color: green
            - color: pink
              animal: cat
            - fruit: apple
              shape: circle
            - fruit: banana
            - fruit: banana
              animal: cat
        `),
        [
          { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
          { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
          { fruit: 'pear', animal: 'cat', color: 'pink' },
          { fruit: 'pear', animal: 'dog', color: 'green' },
          { fruit: 'banana' },
          { fruit: 'banana', animal: 'cat' },
        ],
      );
    });

    it('adds a key to the one combination an include entry matches (docs: npm 6 on windows / node 16)', () => {
      assert.deepEqual(
        combinations(`
          os: [windows-latest, ubuntu-latest]
          node: [14, 16]
          include:
            - os: windows-latest
              node: 16
              npm: 6
        `),
        [
          { os: 'windows-latest', node: 14 },
          { os: 'windows-latest', node: 16, npm: 6 },
          { os: 'ubuntu-latest', node: 14 },
          { os: 'ubuntu-latest', node: 16 },
        ],
      );
    });

    it('adds a new combination when an include entry would overwrite an original value (docs: node 17)', () => {
      assert.deepEqual(
        combinations(`
          os: [windows-latest, ubuntu-latest]
          node: [14, 16]
          include:
            - os: windows-latest
              node: 17
        `),
        [
          { os: 'windows-latest', node: 14 },
          { os: 'windows-latest', node: 16 },
          { os: 'ubuntu-latest', node: 14 },
          { os: 'ubuntu-latest', node: 16 },
          { os: 'windows-latest', node: 17 },
        ],
      );
    });

    it('builds the matrix from include alone when there are no axes (docs: site / datacenter)', () => {
      assert.deepEqual(
        combinations(`
          include:
            - site: production
              datacenter: site-a
            - site: staging
              datacenter: site-b
        `),
        [
          { site: 'production', datacenter: 'site-a' },
          { site: 'staging', datacenter: 'site-b' },
        ],
      );
    });

    it('excludes on a partial match (docs: 12 combinations, 3 excluded, 9 left)', () => {
      const result = combinations(`
        os: [macos-latest, windows-latest]
        version: [12, 14, 16]
        environment: [staging, production]
        exclude:
          - os: macos-latest
            version: 12
            environment: production
          - os: windows-latest
            version: 16
      `);
      assert.equal(result.length, 9);
      assert.ok(!result.some((c) => c.os === 'windows-latest' && c.version === 16));
      assert.ok(!result.some((c) => c.os === 'macos-latest' && c.version === 12 && c.environment === 'production'));
      assert.ok(result.some((c) => c.os === 'macos-latest' && c.version === 12 && c.environment === 'staging'));
    });

    it('processes include after exclude, so include can add an excluded combination back', () => {
      assert.deepEqual(
        combinations(`
          os: [windows-latest, ubuntu-latest]
          node: [14, 16]
          exclude:
            - os: windows-latest
              node: 14
          include:
            - os: windows-latest
              node: 14
        `),
        [
          { os: 'windows-latest', node: 16 },
          { os: 'ubuntu-latest', node: 14 },
          { os: 'ubuntu-latest', node: 16 },
          { os: 'windows-latest', node: 14 },
        ],
      );
    });

    it('lets a later include overwrite a value an earlier include added, on every combination it fits', () => {
      assert.deepEqual(
        combinations(`
          os: [ubuntu-latest, windows-latest]
          include:
            - label: generic
            - os: windows-latest
              label: windows
        `),
        [
          { os: 'ubuntu-latest', label: 'generic' },
          { os: 'windows-latest', label: 'windows' },
        ],
      );
    });

    it('matches include entries only against the original combinations, not against ones include added', () => {
      // The second banana entry does not extend the first one (docs example); the same holds for new keys.
      assert.deepEqual(
        combinations(`
          os: [ubuntu-latest]
          include:
            - os: macos-latest
            - os: macos-latest
              arch: arm64
        `),
        [{ os: 'ubuntu-latest' }, { os: 'macos-latest' }, { os: 'macos-latest', arch: 'arm64' }],
      );
    });

    it('says why when the matrix, an axis, include or exclude is an expression', () => {
      for (const matrix of [
        '${{ fromJSON(vars.MATRIX) }}',
        { os: '${{ fromJSON(vars.OS) }}' },
        { os: ['ubuntu-latest'], include: '${{ fromJSON(vars.EXTRA) }}' },
        { os: ['ubuntu-latest'], exclude: '${{ fromJSON(vars.SKIP) }}' },
      ]) {
        assert.equal(expandMatrix(matrix).kind, 'unknown', JSON.stringify(matrix));
      }
      const job = jobWithMatrix('${{ fromJSON(needs.setup.outputs.matrix) }}\n');
      assert.equal(expandMatrix(job.matrix).kind, 'unknown');
    });

    it('gives no combinations when exclude removes every one (no check is reported)', () => {
      const job = jobWithMatrix(`
        os: [ubuntu-latest]
        exclude:
          - os: ubuntu-latest
      `);
      assert.deepEqual(expandMatrix(job.matrix), { kind: 'combinations', combinations: [] });
      assert.deepEqual(reportedCheckNames(job, () => undefined).names, []);
    });

    it('refuses a matrix of more than 256 combinations (GitHub: at most 256 jobs per matrix), naming no checks', () => {
      // 17 × 16 = 272 > 256: GitHub rejects the strategy, so none of these check names is ever reported.
      const values = (n: number) => `[${Array.from({ length: n }, (_, i) => i + 1).join(', ')}]`;
      const job = jobWithMatrix(`a: ${values(17)}\nb: ${values(16)}\n`);
      assert.deepEqual(expandMatrix(job.matrix), { kind: 'over-limit', count: 272, exact: true });
      assert.deepEqual(reportedCheckNames(job, () => undefined).names, []);
      // 16 × 16 = 256 is allowed.
      const allowed = expandMatrix(jobWithMatrix(`a: ${values(16)}\nb: ${values(16)}\n`).matrix);
      assert.ok(allowed.kind === 'combinations' && allowed.combinations.length === 256);
    });
  });

  describe('expandMatrix: counting before building', () => {
    const axes = (count: number, size: number) => Object.fromEntries(Array.from({ length: count }, (_, a) => [`axis${a}`, Array.from({ length: size }, (_, v) => `v${v}`)]));

    it('answers a 7-axis × 10-value matrix (10,000,000 combinations) from the axis lengths, in well under 50 ms', () => {
      const started = process.hrtime.bigint();
      const expansion = expandMatrix(axes(7, 10));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.deepEqual(expansion, { kind: 'over-limit', count: 10_000_000, exact: true });
      assert.ok(ms < 50, `${ms} ms`);
    });

    it('answers 8 axes, and counts include entries that add combinations', () => {
      const matrix = { ...axes(8, 10), include: [{ axis0: 'v0', extra: 1 }, { axis0: 'new' }] };
      assert.deepEqual(expandMatrix(matrix), { kind: 'over-limit', count: 100_000_001, exact: true });
    });

    it('counts what exclude leaves without building the product, and builds only what fits', () => {
      // 10^7 combinations, but excludes keep axis0..axis4 at v0: 10 × 10 = 100 combinations remain.
      const excludes = Array.from({ length: 5 }, (_, a) => Array.from({ length: 9 }, (_, v) => ({ [`axis${a}`]: `v${v + 1}` }))).flat();
      const started = process.hrtime.bigint();
      const expansion = expandMatrix({ ...axes(7, 10), exclude: excludes });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(expansion.kind === 'combinations', JSON.stringify(expansion).slice(0, 200));
      assert.equal(expansion.combinations.length, 100);
      assert.deepEqual(expansion.combinations[0], { axis0: 'v0', axis1: 'v0', axis2: 'v0', axis3: 'v0', axis4: 'v0', axis5: 'v0', axis6: 'v0' });
      assert.deepEqual(expansion.combinations[1], { axis0: 'v0', axis1: 'v0', axis2: 'v0', axis3: 'v0', axis4: 'v0', axis5: 'v0', axis6: 'v1' });
      assert.ok(ms < 50, `${ms} ms`);
      // One exclude entry of a single value leaves 9 × 10^6: over the limit, said without counting them one by one.
      const over = expandMatrix({ ...axes(7, 10), exclude: [{ axis6: 'v0' }] });
      assert.equal(over.kind, 'over-limit');
    });

    it('agrees with building the product and filtering it, on any small matrix with excludes (property)', () => {
      const keys = ['os', 'node', 'arch'];
      const value = fc.constantFrom('a', 'b', 1, 2, true);
      const matrix = fc.record({
        axes: fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1, maxLength: 3 }).chain((names) => fc.tuple(fc.constant(names), fc.array(fc.uniqueArray(value, { minLength: 1, maxLength: 3 }), { minLength: names.length, maxLength: names.length }))),
        exclude: fc.array(fc.dictionary(fc.constantFrom(...keys), value, { minKeys: 1, maxKeys: 2 }), { maxLength: 4 }),
      });
      fc.assert(
        fc.property(matrix, ({ axes: [names, values], exclude }) => {
          let product: Record<string, unknown>[] = [{}];
          names.forEach((name, a) => (product = product.flatMap((c) => values[a].map((v) => ({ ...c, [name]: v })))));
          const kept = product.filter((c) => !exclude.some((e) => Object.entries(e).every(([k, v]) => k in c && c[k] === v)));
          const expansion = expandMatrix({ ...Object.fromEntries(names.map((n, a) => [n, values[a]])), exclude });
          assert.deepEqual(expansion, { kind: 'combinations', combinations: kept });
        }),
        { numRuns: 300 },
      );
    });

    it('agrees with the plain product on small matrices with overlapping excludes (exclude on a partial match)', () => {
      const matrix = { os: ['a', 'b', 'c'], node: [1, 2, 3], arch: ['x', 'y'], exclude: [{ os: 'a' }, { os: 'a', node: 1 }, { node: 2, arch: 'y' }, { os: 'zzz' }] };
      const plain: Record<string, unknown>[] = [];
      for (const os of matrix.os) for (const node of matrix.node) for (const arch of matrix.arch) {
        if (os === 'a' || (node === 2 && arch === 'y')) continue;
        plain.push({ os, node, arch });
      }
      assert.deepEqual(expandMatrix(matrix), { kind: 'combinations', combinations: plain });
    });
  });

  describe('reportedCheckNames', () => {
    it('is the job id without name:, else the name', () => {
      assert.deepEqual(namesOfJob('lint:\n  runs-on: ubuntu-latest\n  steps:\n    - run: echo\n'), { names: ['lint'] });
      assert.deepEqual(namesOfJob('lint:\n  name: Lint sources\n  runs-on: ubuntu-latest\n  steps:\n    - run: echo\n'), { names: ['Lint sources'] });
    });

    it('suffixes a matrix job with its values in key order, `name (v1, v2)`', () => {
      assert.deepEqual(
        matrixNames(`
          os: [ubuntu-latest, windows-latest]
          node: [18, 20]
        `),
        ['test (ubuntu-latest, 18)', 'test (ubuntu-latest, 20)', 'test (windows-latest, 18)', 'test (windows-latest, 20)'],
      );
      // a name without expressions is suffixed the same way
      assert.deepEqual(matrixNames('os: [ubuntu-latest]\n', 'Unit tests'), ['Unit tests (ubuntu-latest)']);
    });

    it('shows numbers as YAML reads them: unquoted 3.10 is 3.1, quoted "3.10" stays', () => {
      assert.deepEqual(matrixNames('python: [3.10, 3.11, 3, 18]\n'), ['test (3.1)', 'test (3.11)', 'test (3)', 'test (18)']);
      assert.deepEqual(matrixNames('python: ["3.10", "3.11"]\n'), ['test (3.10)', 'test (3.11)']);
    });

    it('shows booleans as true / false', () => {
      assert.deepEqual(
        matrixNames(`
          os: [ubuntu-latest]
          experimental: [true, false]
        `),
        ['test (ubuntu-latest, true)', 'test (ubuntu-latest, false)'],
      );
    });

    it('puts values include adds after the original ones, and names added combinations by their own values', () => {
      assert.deepEqual(
        matrixNames(`
          os: [windows-latest, ubuntu-latest]
          node: [14, 16]
          include:
            - os: windows-latest
              node: 16
              npm: 6
            - os: macos-latest
              node: 20
        `),
        ['test (windows-latest, 14)', 'test (windows-latest, 16, 6)', 'test (ubuntu-latest, 14)', 'test (ubuntu-latest, 16)', 'test (macos-latest, 20)'],
      );
    });

    it('does not name excluded combinations', () => {
      assert.deepEqual(
        matrixNames(`
          os: [ubuntu-latest, windows-latest]
          node: [18, 20]
          exclude:
            - os: windows-latest
              node: 18
        `),
        ['test (ubuntu-latest, 18)', 'test (ubuntu-latest, 20)', 'test (windows-latest, 20)'],
      );
    });

    it('substitutes ${{ matrix.x }} in name: and adds no suffix', () => {
      assert.deepEqual(matrixNames('os: [ubuntu-latest, windows-latest]\n', 'Test ${{ matrix.os }}'), ['Test ubuntu-latest', 'Test windows-latest']);
      assert.deepEqual(matrixNames('os: [ubuntu-latest]\nnode: [18]\n', '"${{matrix.os}} / node ${{ matrix.node }}"'), ['ubuntu-latest / node 18']);
    });

    it('reports one name for combinations a partial matrix name does not tell apart', () => {
      // name uses only os: GitHub reports "Test ubuntu-latest" for both node versions, never a suffix.
      assert.deepEqual(
        matrixNames(
          `
          os: [ubuntu-latest]
          node: [18, 20]
        `,
          'Test ${{ matrix.os }}',
        ),
        ['Test ubuntu-latest'],
      );
    });

    it('does not guess names with other expressions: no names, and the reason', () => {
      for (const job of [
        'build:\n  name: Build ${{ github.ref }}\n  runs-on: ubuntu-latest\n  steps:\n    - run: echo\n',
        'build:\n  name: Build ${{ github.ref }}\n  runs-on: ubuntu-latest\n  strategy:\n    matrix:\n      os: [ubuntu-latest]\n  steps:\n    - run: echo\n',
        'build:\n  name: Build ${{ matrix.os }} ${{ inputs.flavour }}\n  runs-on: ubuntu-latest\n  strategy:\n    matrix:\n      os: [ubuntu-latest]\n  steps:\n    - run: echo\n',
      ]) {
        const reported = namesOfJob(job);
        assert.deepEqual(reported.names, [], job);
        assert.ok(reported.unresolved, job);
      }
    });

    it('shows object and list values by their scalars in order, keys left out, empty values dropped', () => {
      // As GitHub's job names show them (the runner.server emulation of the service does the same:
      // the scalar leaves of each matrix value, joined by ", "; empty strings and nulls skipped).
      assert.deepEqual(matrixNames('config:\n  - { os: ubuntu-latest, cc: gcc }\n  - { os: macos-latest, cc: [clang, "17"] }\n'), ['test (ubuntu-latest, gcc)', 'test (macos-latest, clang, 17)']);
      assert.deepEqual(matrixNames('os: [ubuntu-latest]\nextra: ["", null]\n'), ['test (ubuntu-latest)']);
    });

    it('substitutes object members in name:, and shows a whole object or list as GitHub converts it to a string', () => {
      const config = 'config:\n  - { os: ubuntu-latest, flags: [a, b] }\n';
      assert.deepEqual(matrixNames(config, 'Build ${{ matrix.config.os }}'), ['Build ubuntu-latest']);
      assert.deepEqual(matrixNames(config, 'Build ${{ matrix.config }} ${{ matrix.config.flags }}'), ['Build Object Array']);
    });

    it('does not guess a matrix from fromJSON(): no names, and the reason', () => {
      const reported = namesOfJob(
        'test:\n  runs-on: ubuntu-latest\n  strategy:\n    matrix: ${{ fromJSON(vars.TEST_MATRIX) }}\n  steps:\n    - run: echo\n',
      );
      assert.deepEqual(reported.names, []);
      assert.match(reported.unresolved ?? '', /fromJSON\(vars\.TEST_MATRIX\)/);
    });
  });

  describe('reportedCheckNames: reusable workflows', () => {
    const callee = (jobs: string) => workflow(jobs, 'workflow_call');

    it('names each callee job `caller / callee`, with the names and matrices on both sides', () => {
      const files = {
        [ciFile]: workflow(`
          caller:
            uses: ./.github/workflows/reusable.yml
          named:
            name: Release
            uses: ./.github/workflows/reusable.yml
          fanout:
            strategy:
              matrix:
                target: [dev, prod]
            uses: ./.github/workflows/reusable.yml
        `),
        '.github/workflows/reusable.yml': callee(`
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo build
          test:
            name: Unit tests
            runs-on: ubuntu-latest
            strategy:
              matrix:
                os: [ubuntu-latest]
            steps:
              - run: echo test
        `),
      };
      assert.deepEqual(names(files, 'caller'), { names: ['caller / build', 'caller / Unit tests (ubuntu-latest)'] });
      assert.deepEqual(names(files, 'named'), { names: ['Release / build', 'Release / Unit tests (ubuntu-latest)'] });
      assert.deepEqual([...names(files, 'fanout').names].sort(), [
        'fanout (dev) / Unit tests (ubuntu-latest)',
        'fanout (dev) / build',
        'fanout (prod) / Unit tests (ubuntu-latest)',
        'fanout (prod) / build',
      ]);
      // the callee job alone is never a check name of the caller
      assert.ok(!names(files, 'caller').names.includes('build'));
    });

    it('follows GitHub\'s self-repository syntax $/path like ./path', () => {
      const files = {
        [ciFile]: workflow('caller:\n  uses: $/.github/workflows/reusable.yml\n'),
        '.github/workflows/reusable.yml': callee('build:\n  runs-on: ubuntu-latest\n  steps:\n    - run: echo build\n'),
      };
      assert.deepEqual(names(files), { names: ['caller / build'] });
      assert.equal(localUsesPath('$/.github/workflows/reusable.yml'), '.github/workflows/reusable.yml');
      assert.equal(localUsesPath('./.github/actions/setup'), '.github/actions/setup');
      assert.equal(localUsesPath('octo-org/ci/.github/workflows/build.yml@v1'), undefined);
    });

    it('substitutes inputs.* in a called job\'s name with what the caller passes, else the input\'s default', () => {
      const files = {
        [ciFile]: workflow(`
          linux:
            uses: ./.github/workflows/reusable.yml
            with:
              platform: linux
          plain:
            uses: ./.github/workflows/reusable.yml
          dynamic:
            uses: ./.github/workflows/reusable.yml
            with:
              platform: \${{ github.ref_name }}
        `),
        '.github/workflows/reusable.yml': `on:\n  workflow_call:\n    inputs:\n      platform:\n        type: string\n        default: any\njobs:\n  build:\n    name: Build on \${{ inputs.platform }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n`,
      };
      assert.deepEqual(names(files, 'linux'), { names: ['linux / Build on linux'] });
      assert.deepEqual(names(files, 'plain'), { names: ['plain / Build on any'] });
      const dynamic = names(files, 'dynamic');
      assert.deepEqual(dynamic.names, []);
      assert.match(dynamic.unresolved ?? '', /input platform, which a caller passes as an expression/);
    });

    it('names nothing for a cycle of reusable workflows, and says so', () => {
      const files = {
        [ciFile]: workflow('caller:\n  uses: ./.github/workflows/a.yml\n'),
        '.github/workflows/a.yml': callee('again:\n  uses: ./.github/workflows/a.yml\n'),
      };
      const reported = names(files);
      assert.deepEqual(reported.names, []);
      assert.match(reported.unresolved ?? '', /cycle/);
    });

    it('stays fast on a fan-out of ten levels of twelve callers each, and does not list its 12^9 names', () => {
      const files: Record<string, string> = {};
      for (let level = 1; level <= 10; level++) {
        const file = level === 1 ? ciFile : `.github/workflows/w${level}.yml`;
        const jobs = level === 10 ? 'leaf:\n  runs-on: ubuntu-latest\n  steps:\n    - run: echo\n' : Array.from({ length: 12 }, (_, j) => `call${j}:\n  uses: ./.github/workflows/w${level + 1}.yml\n`).join('');
        files[file] = workflow(jobs, level === 1 ? 'pull_request' : 'workflow_call');
      }
      const started = process.hrtime.bigint();
      const reported = names(files);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.deepEqual(reported.names, []);
      assert.match(reported.unresolved ?? '', /more than 4096 checks/);
      assert.ok(ms < 1000, `${ms} ms`);
    });

    it('does not guess the jobs of a workflow in another repository, or of one missing here', () => {
      const remote = names({ [ciFile]: workflow('caller:\n  uses: octo-org/ci/.github/workflows/build.yml@v1\n') });
      assert.deepEqual(remote.names, []);
      assert.match(remote.unresolved ?? '', /octo-org\/ci\/\.github\/workflows\/build\.yml@v1/);
      const missing = names({ [ciFile]: workflow('caller:\n  uses: ./.github/workflows/gone.yml\n') });
      assert.deepEqual(missing.names, []);
      assert.ok(missing.unresolved);
    });

    /** A chain of `levels` workflows: w1 (the caller, on pull_request) → w2 → … → w<levels>, whose job is `leaf`. */
    function chain(levels: number): Record<string, string> {
      const files: Record<string, string> = {};
      for (let level = 1; level <= levels; level++) {
        const file = level === 1 ? ciFile : `.github/workflows/w${level}.yml`;
        const job = level === levels ? 'leaf:\n  runs-on: ubuntu-latest\n  steps:\n    - run: echo leaf\n' : `call${level}:\n  uses: ./.github/workflows/w${level + 1}.yml\n`;
        files[file] = workflow(job, level === 1 ? 'pull_request' : 'workflow_call');
      }
      return files;
    }

    function chainName(levels: number): string {
      return [...Array.from({ length: levels - 1 }, (_, i) => `call${i + 1}`), 'leaf'].join(' / ');
    }

    it('follows nested reusable workflows within the limit every GitHub allows (four levels)', () => {
      assert.deepEqual(names(chain(2)), { names: [chainName(2)] });
      assert.deepEqual(names(chain(4)), { names: ['call1 / call2 / call3 / leaf'] });
    });

    it('follows the ten levels GitHub.com allows (the caller and nine levels of reusable workflows)', () => {
      assert.deepEqual(names(chain(10)), { names: [chainName(10)] });
    });

    it('names nothing beyond the limit (GitHub rejects the workflow) and says why', () => {
      const reported = names(chain(11));
      assert.deepEqual(reported.names, []);
      assert.ok(reported.unresolved);
    });

    it('stops on a loop (loops are not permitted), naming nothing', () => {
      const files = { [ciFile]: workflow('again:\n  uses: ./.github/workflows/ci.yml\n') };
      const reported = names(files);
      assert.deepEqual(reported.names, []);
      assert.ok(reported.unresolved);
    });
    it('names the jobs of a workflow of another repository when the front fetched it, its own ./ calls in that repository at the same ref', () => {
      const model = new WorkspaceModel({
        files: new Map([[ciFile, workflow('release:\n  uses: octo-org/ci/.github/workflows/build.yml@v2\nother:\n  uses: octo-org/private/.github/workflows/x.yml@main\n')]]),
        now: new Date('2026-11-20T12:00:00Z'),
        calledWorkflows: new Map<string, { text: string } | { unread: string }>([
          ['octo-org/ci/.github/workflows/build.yml@v2', { text: callee('compile:\n  name: Compile\n  runs-on: ubuntu-latest\n  steps:\n    - run: make\nchecks:\n  uses: ./.github/workflows/checks.yml\n') }],
          ['octo-org/ci/.github/workflows/checks.yml@v2', { text: callee('lint:\n  runs-on: ubuntu-latest\n  steps:\n    - run: make lint\n') }],
          ['octo-org/private/.github/workflows/x.yml@main', { unread: 'not found, or not visible to this account (HTTP 404)' }],
        ]),
      });
      const all = readWorkflows(model);
      const findWorkflow = workflowFinder(all);
      const [release, other] = all[0].jobs;
      assert.deepEqual(reportedCheckNames(release, findWorkflow), { names: ['release / Compile', 'release / checks / lint'] });
      assert.deepEqual(reportedCheckNames(other, findWorkflow), { names: [], unresolved: 'it calls octo-org/private/.github/workflows/x.yml@main, which could not be read (not found, or not visible to this account (HTTP 404))' });
      // Without the fetched files, a workflow of another repository stays unknown.
      assert.match(names({ [ciFile]: workflow('release:\n  uses: octo-org/ci/.github/workflows/build.yml@v2\n') }).unresolved ?? '', /a workflow outside this repository/);
    });
  });
});

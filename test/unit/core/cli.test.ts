import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goldenCases, materialise } from '../../support/golden';
import { cli, repoRoot } from '../../support/paths';

const example = path.join(repoRoot, 'examples', 'agent-skills');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI', () => {
  it('shows a suppressed finding in every format as suppressed, with its reason, and not as a diagnostic', () => {
    const { folder, dispose } = materialise(goldenCases('cases').find((c) => c.name === 'suppression-record/near-miss-same-line')!);
    try {
      // Without an expiry, so that the suppression holds whatever day the test runs.
      const workflow = path.join(folder, '.github', 'workflows', 'extra.yml');
      fs.writeFileSync(workflow, fs.readFileSync(workflow, 'utf8').replace(' until 2026-12-31', ''));
      const json = JSON.parse(run('check', folder, '--format', 'json').stdout);
      assert.ok(!json.diagnostics.some((d: { file: string }) => d.file === '.github/workflows/extra.yml'), JSON.stringify(json.diagnostics));
      assert.equal(json.suppressed.length, 1);
      assert.deepEqual([json.suppressed[0].file, json.suppressed[0].line, json.suppressed[0].rule, json.suppressed[0].suppression.reason], ['.github/workflows/extra.yml', 7, 'yaml-syntax', 'migrating runners']);
      const text = run('check', folder).stdout;
      assert.match(text, /^1 suppressed:\n\.github\/workflows\/extra\.yml:7:5: error yaml-syntax .* \[suppressed: migrating runners\]$/m);
      assert.match(run('check', folder, '--format', 'markdown').stdout, /### Suppressed findings\n\n- `\.github\/workflows\/extra\.yml:7` `yaml-syntax` .* — suppressed: migrating runners$/m);
      const sarif = JSON.parse(run('check', folder, '--format', 'sarif').stdout);
      const suppressed = sarif.runs[0].results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
      assert.equal(suppressed.length, 1);
      assert.equal(suppressed[0].ruleId, 'yaml-syntax');
      assert.deepEqual(suppressed[0].suppressions.map((s: { kind: string; status: string; justification: string }) => [s.kind, s.status, s.justification]), [['inSource', 'accepted', 'migrating runners']]);
    } finally {
      dispose();
    }
  });

  it('exits 1 on the No-Go example and prints the verdict first', () => {
    const { code, stdout } = run('check', example);
    assert.equal(code, 1);
    assert.match(stdout.split('\n')[0], /^Release readiness: No-Go/);
    assert.match(stdout, /^artifacts\/replay_determinism_report\.json:\d+:\d+: error control-acceptance /m);
  });

  it('prints exactly one JSON object in the documented shape', () => {
    const { code, stdout } = run('check', example, '--format', 'json');
    assert.equal(code, 1);
    const output = JSON.parse(stdout);
    assert.deepEqual(Object.keys(output), ['verdict', 'mode', 'policy', 'controls', 'diagnostics', 'suppressed']);
    assert.deepEqual(output.mode, { playbook: 'adopted', reason: 'artifacts/branch_protection_policy_report.json is a playbook artifact' });
    assert.equal(output.verdict, 'no-go');
    assert.deepEqual(Object.keys(output.policy), ['id', 'version']);
    const states = new Set(['passed', 'failed', 'unverified', 'missing', 'invalid', 'stale', 'waived']);
    for (const control of output.controls) {
      assert.ok(states.has(control.state), control.id);
      for (const key of Object.keys(control)) assert.ok(['id', 'section', 'title', 'state', 'reason', 'file', 'line'].includes(key), key);
    }
    for (const d of output.diagnostics) {
      assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'rule', 'message']);
      assert.ok(d.line >= 1 && d.column >= 1, 'lines and columns are 1-based');
      assert.ok(!d.file.includes('\\') && !path.isAbsolute(d.file), 'workspace-relative with /');
    }
  });

  it('writes SARIF 2.1.0 with one rule per rule id', () => {
    const { stdout } = run('check', example, '--format', 'sarif');
    const log = JSON.parse(stdout);
    assert.equal(log.version, '2.1.0');
    const ids = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const result of log.runs[0].results) {
      assert.equal(ids[result.ruleIndex], result.ruleId);
      assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
    }
  });

  it('writes the release evidence block in Markdown', () => {
    const { stdout } = run('check', example, '--format', 'markdown');
    assert.match(stdout, /^## Release readiness: No-Go/);
    assert.match(stdout, /\| §2\.3 \| `replay_determinism_report` \| ❌ failed \|/);
    assert.match(stdout, /### Release evidence bundle \(§4\)/);
    assert.match(stdout, /No exception in use\./);
  });

  it('exits 0 on a Go workspace', () => {
    const { code, stdout } = run('check', path.join(repoRoot, 'test', 'fixtures', 'workspaces', 'base-go'));
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Release readiness: Go/);
  });

  it('exits 2 on usage errors and says why', () => {
    const usageErrors = [
      ['check', '--bogus'],
      ['check', path.join(os.tmpdir(), 'no-such-folder-for-readiness')],
      ['verify'],
      ['check', example, '--format', 'xml'],
      ['check', example, 'extra'],
      // -h where a value belongs is no request for help: a value that looks like an option is refused, one given with = is the value.
      ['check', example, '--policy', '-h'],
      ['check', example, '--policy=-h'],
      ['check', example, '--github=yes'],
      ['fix', example, '--format', 'json'],
      ['scan'],
      ['scan', 'acme', '--concurrency', '0'],
      ['scan', 'acme', '--repos', 'list.txt'],
      ['scan', 'acme', '--out', os.tmpdir()],
      ['scan', 'acme', '--out', path.join(os.tmpdir(), 'no-such-folder-for-readiness', 'out.jsonl')],
      ['scan-summary'],
    ];
    for (const args of usageErrors) {
      const { code, stderr, stdout } = run(...args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /^readiness: .+\n\nUsage: readiness check/);
      assert.equal(stdout, '');
    }
  });

  it('reads the artifacts from the folder --artifacts names, summary entries included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cli-'));
    try {
      fs.cpSync(example, dir, { recursive: true });
      fs.renameSync(path.join(dir, 'artifacts'), path.join(dir, 'ci-artifacts'));
      const states = (args: string[]) => Object.fromEntries(JSON.parse(run('check', ...args, '--format', 'json').stdout).controls.map((c: { id: string; state: string }) => [c.id, c.state]));
      const moved = states([dir, '--artifacts', 'ci-artifacts']);
      assert.deepEqual(moved, states([example]));
      assert.equal(states([dir]).replay_determinism_report, 'missing', 'without the flag the reports are not found');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses a policy given by --policy and reports its schema problems', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cli-'));
    try {
      const policy = path.join(dir, 'policy.json');
      fs.writeFileSync(policy, JSON.stringify({ policy: 'tiny', version: '1', title: 'Tiny', sections: [{ id: '1', title: 'One' }], controls: [{ id: 'lineage', section: '1', title: 'Lineage present', evidence: { kind: 'report', path: 'artifacts/release_lineage.json' } }] }));
      const { code, stdout } = run('check', example, '--policy', policy, '--format', 'json');
      const output = JSON.parse(stdout);
      assert.deepEqual(output.policy, { id: 'tiny', version: '1' });
      assert.deepEqual(output.controls.map((c: { id: string; state: string }) => [c.id, c.state]), [['lineage', 'passed']]);
      assert.equal(code, 0);
      fs.writeFileSync(policy, JSON.stringify({ policy: 'tiny', version: 1 }));
      const broken = JSON.parse(run('check', example, '--policy', policy, '--format', 'json').stdout);
      assert.equal(broken.policy.id, 'production-readiness-playbook', 'the embedded default stands in');
      assert.ok(broken.diagnostics.some((d: { rule: string; file: string }) => d.rule === 'schema-violation' && d.file.endsWith('policy.json')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fix --dry-run prints a unified diff and writes nothing; fix writes only the changed bytes; exit 0 once nothing is left', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cli-fix-'));
    try {
      fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'fixes', 'rename-check-crlf', 'before'), folder, { recursive: true });
      const checks = path.join(folder, 'docs', 'required_status_checks.json');
      const original = fs.readFileSync(checks);
      const dry = run('fix', folder, '--dry-run');
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /^--- a\/docs\/required_status_checks\.json/m);
      assert.match(dry.stdout, /^\+\+\+ b\/docs\/required_status_checks\.json/m);
      assert.deepEqual(fs.readFileSync(checks), original, '--dry-run writes nothing');
      const written = run('fix', folder);
      assert.equal(written.code, 0, written.stderr);
      const after = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'fixes', 'rename-check-crlf', 'after', 'docs', 'required_status_checks.json'));
      assert.deepEqual(fs.readFileSync(checks), after, 'the same bytes as the golden fix, CRLF kept');
      assert.equal(run('fix', folder).stdout, '', 'nothing left to fix');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('fix exits 1 when a required-check finding has no preferred fix', () => {
    const { code, stderr } = run('fix', path.join(repoRoot, 'test', 'fixtures', 'fix-order', 'near-job-reports-another-name', 'files'), '--dry-run');
    assert.equal(code, 1);
    assert.match(stderr, /required-check finding/);
  });

  describe('a repository that has not adopted the playbook', () => {
    const workflow = [
      'name: CI',
      'on:',
      '  pull_request:',
      'jobs:',
      '  lint:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo lint',
      '  test:',
      '    name: Unit tests',
      '    runs-on: ubuntu-latest',
      '    strategy:',
      '      matrix:',
      '        os: [ubuntu-latest, windows-latest]',
      '    steps:',
      '      - run: echo test',
      '  deploy:',
      '    needs: test',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo deploy',
      '',
    ].join('\n');

    function repository(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cli-'));
      fs.mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.github', 'workflows', 'ci.yml'), workflow);
      return dir;
    }

    it('checks only the required checks and workflows: no playbook finding, no verdict, the mode said', () => {
      const dir = repository();
      try {
        fs.mkdirSync(path.join(dir, 'docs'));
        fs.writeFileSync(path.join(dir, 'docs', 'required_status_checks.json'), JSON.stringify({ required_status_checks: ['lint', 'test'], check_job_mapping: { lint: { workflow: 'ci.yml', job_id: 'lint' }, test: { workflow: 'ci.yml', job_id: 'test' } } }, null, 2));
        const { code, stdout } = run('check', dir, '--format', 'json');
        const output = JSON.parse(stdout);
        assert.equal(output.verdict, 'not-applicable');
        assert.equal(output.mode.playbook, 'not-adopted');
        assert.deepEqual(output.controls, []);
        // "test" is never reported (the matrix reports "Unit tests (…)"); no policy document or playbook job is asked for.
        assert.deepEqual([...new Set(output.diagnostics.map((d: { rule: string }) => d.rule))].sort(), ['required-check-name', 'workflow-required-job']);
        assert.equal(code, 1, 'an error finding fails the check');
        const text = run('check', dir).stdout;
        assert.match(text, /^Release readiness: Not applicable/);
        assert.match(text.split('\n')[1], /^Playbook not adopted \(no \.github\/readiness-policy\.json and no playbook artifacts\)/);
        assert.match(run('check', dir, '--format', 'markdown').stdout, /^## Release readiness: Not applicable\n[\s\S]*Required checks and workflows: 2 errors, 0 warnings\./);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('adopts: writes the starter policy, required checks with the names GitHub reports, and the policy document', () => {
      const dir = repository();
      try {
        const adopted = run('adopt', dir);
        assert.equal(adopted.code, 0, adopted.stderr);
        assert.match(adopted.stdout, /^wrote \.github\/readiness-policy\.json$/m);
        assert.match(adopted.stdout, /^left out ci\.yml job deploy: it needs test without if: always\(\)/m);
        const checks = JSON.parse(fs.readFileSync(path.join(dir, 'docs', 'required_status_checks.json'), 'utf8'));
        assert.deepEqual(checks.required_status_checks, ['lint', 'Unit tests (ubuntu-latest)', 'Unit tests (windows-latest)']);
        assert.deepEqual(checks.check_job_mapping['Unit tests (windows-latest)'], { workflow: 'ci.yml', job_id: 'test' });
        const output = JSON.parse(run('check', dir, '--format', 'json').stdout);
        assert.equal(output.mode.playbook, 'adopted');
        assert.equal(output.mode.reason, '.github/readiness-policy.json is present');
        const requiredCheckRules = output.diagnostics.filter((d: { file: string }) => d.file.startsWith('docs/'));
        assert.deepEqual(requiredCheckRules, [], 'the starter files agree with the workflows and with each other');
        // A second adopt keeps what is there.
        assert.match(run('adopt', dir).stdout, /^kept docs\/required_status_checks\.json \(it exists\)$/m);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('silences the playbook with --playbook off even where its artifacts are', () => {
      const output = JSON.parse(run('check', example, '--format', 'json', '--playbook', 'off').stdout);
      assert.equal(output.verdict, 'not-applicable');
      assert.ok(!output.diagnostics.some((d: { rule: string }) => ['control-acceptance', 'required-check-policy-doc', 'workflow-playbook-job'].includes(d.rule)));
      assert.ok(output.diagnostics.some((d: { rule: string }) => d.rule === 'required-check-name'));
    });
  });
});

import * as assert from 'node:assert/strict';
import { checkVerdict, checkWorkspace } from '../../../server/src/core/engine';
import { diagnosticLine, suppressedLine } from '../../../server/src/core/output/text';
import { readWorkspace } from '../../../server/src/node/workspaceReader';
import { goldenCases, goldenFields, liveEvidence, materialise, pullRequestBase, resolveGoldenLines } from '../../support/golden';

/** The fixed clock of every golden case unless it sets its own: after the example's reports were generated. */
const defaultNow = '2026-11-20T12:00:00Z';

describe('golden workspaces', () => {
  for (const goldenCase of goldenCases('cases')) {
    const expected = goldenCase.expected;
    it(`${goldenCase.name}: ${expected.description}`, () => {
      const unknown = Object.keys(expected).filter((key) => !(goldenFields as readonly string[]).includes(key));
      assert.deepEqual(unknown, [], 'fields of expected.json (diagnostics and suppressed are complete text-output lines)');
      const { folder, dispose } = materialise(goldenCase);
      try {
        const { snapshot, policyFile } = readWorkspace(folder, { now: new Date(expected.now ?? defaultNow), policyFile: expected.policy });
        const input = { ...snapshot, headSha: expected.headSha ?? snapshot.headSha, live: liveEvidence(goldenCase), pullRequestBase: pullRequestBase(goldenCase) };
        const result = checkWorkspace(input, { policyFile, playbook: expected.playbook });
        // The language server announces the verdict of the controls alone before the rules run: it must be the check's.
        const { findings: _findings, suppressed: _suppressed, ...verdictPart } = result;
        assert.deepEqual(checkVerdict(input, { policyFile, playbook: expected.playbook }), verdictPart, 'the verdict of the controls alone');
        if (expected.verdict) assert.equal(result.verdict, expected.verdict, 'verdict');
        if (expected.mode) assert.equal(result.mode.playbook, expected.mode, `mode: ${result.mode.reason}`);
        for (const [id, state] of Object.entries(expected.controls ?? {})) {
          const control = result.controls.find((c) => c.id === id);
          assert.ok(control, `control ${id} exists`);
          assert.equal(control.state, state, `state of ${id}: ${control.reason}`);
        }
        for (const [id, source] of Object.entries(expected.sources ?? {})) {
          assert.ok(result.controls.find((c) => c.id === id)?.source?.includes(source), `source of ${id} names "${source}"`);
        }
        const lines = (actual: string[], wanted: string[] | undefined, what: string) => {
          const { actual: got, expected: want } = resolveGoldenLines(actual, wanted ?? []);
          assert.deepEqual(got, want, what);
        };
        lines(result.findings.map((f) => diagnosticLine(f)), expected.diagnostics, 'diagnostics');
        lines(result.suppressed.map(suppressedLine), expected.suppressed, 'suppressed');
      } finally {
        dispose();
      }
    });
  }
});

describe('golden lines', () => {
  const actual = ['a.yml:1:1: error r One.', 'a.yml:2:1: warning r Took 12 ms.'];

  it('pairs exact lines and /…/ patterns with the actual lines they stand for', () => {
    assert.deepEqual(resolveGoldenLines(actual, ['/a\\.yml:2:1: warning r Took \\d+ ms\\./', 'a.yml:1:1: error r One.']), { actual, expected: actual });
  });

  it('keeps an unmatched pattern, a missing line and a surplus line visible', () => {
    const { actual: got, expected: want } = resolveGoldenLines(actual, ['a.yml:1:1: error r One', '/a\\.yml:2:1: warning r Took \\d+ s\\./']);
    assert.notDeepEqual(got, want);
    assert.deepEqual(want, ['/a\\.yml:2:1: warning r Took \\d+ s\\./', 'a.yml:1:1: error r One']);
  });

  it('anchors a pattern at both ends of the line', () => {
    assert.deepEqual(resolveGoldenLines(actual, ['/One\\./', '/a\\.yml:2:1: .*/']).expected, ['/One\\./', 'a.yml:2:1: warning r Took 12 ms.']);
  });
});

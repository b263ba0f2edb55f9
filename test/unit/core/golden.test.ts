import * as assert from 'node:assert/strict';
import { checkWorkspace } from '../../../server/src/core/engine';
import { readWorkspace } from '../../../server/src/node/workspaceReader';
import { goldenCases, liveEvidence, materialise, pullRequestBase } from '../../support/golden';

/** The fixed clock of every golden case unless it sets its own: after the example's reports were generated. */
const defaultNow = '2026-11-20T12:00:00Z';

describe('golden workspaces', () => {
  for (const goldenCase of goldenCases('cases')) {
    const expected = goldenCase.expected;
    it(`${goldenCase.name}: ${expected.description}`, () => {
      const { folder, dispose } = materialise(goldenCase);
      try {
        const { snapshot, policyFile } = readWorkspace(folder, { now: new Date(expected.now ?? defaultNow), policyFile: expected.policy });
        const result = checkWorkspace({ ...snapshot, headSha: expected.headSha ?? snapshot.headSha, live: liveEvidence(goldenCase), pullRequestBase: pullRequestBase(goldenCase) }, { policyFile, playbook: expected.playbook });
        const diagnostics = result.findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.rule}`);
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
        if (expected.diagnostics) assert.deepEqual([...diagnostics].sort(), [...expected.diagnostics].sort(), 'diagnostics');
        for (const wanted of expected.messages ?? []) {
          const [where, fragment] = wanted.split(' ~ ');
          const found = result.findings.filter((f) => `${f.file}:${f.range.start.line + 1} ${f.rule}` === where);
          assert.ok(found.some((f) => f.message.includes(fragment)), `${where} says "${fragment}"; got ${JSON.stringify(found.map((f) => f.message))}`);
        }
        if (expected.suppressed) {
          const suppressed = result.suppressed.map((f) => `${f.file}:${f.range.start.line + 1} ${f.rule}`);
          assert.deepEqual([...suppressed].sort(), expected.suppressed.map((s) => s.split(' ~ ')[0]).sort(), 'suppressed');
          for (const wanted of expected.suppressed) {
            const [where, reason] = wanted.split(' ~ ');
            assert.ok(result.suppressed.some((f) => `${f.file}:${f.range.start.line + 1} ${f.rule}` === where && f.suppression.reason.includes(reason ?? '')), `${where} suppressed for "${reason}"`);
          }
        }
      } finally {
        dispose();
      }
    });
  }
});

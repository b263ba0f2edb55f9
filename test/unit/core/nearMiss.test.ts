import * as assert from 'node:assert/strict';
import { nearMisses } from '../../../server/src/core/requiredChecks/nearMiss';

describe('requiredChecks/nearMiss', () => {
  it('names spelling slips and close edits', () => {
    assert.deepEqual(nearMisses('policy_bundle_governance', ['policy-bundle-governance', 'lint']), ['policy-bundle-governance']);
    assert.deepEqual(nearMisses('test (3.10)', ['test (3.1)', 'test (3.11)', 'build']), ['test (3.1)', 'test (3.11)']);
  });

  it('compares very long names only for equal spelling, so two 200,000-character names cost no edit distance', () => {
    const long = 'x'.repeat(200_000);
    const started = process.hrtime.bigint();
    assert.deepEqual(nearMisses(`${long}-a`, [`${long}-b`, `${long}_a`]), [`${long}_a`]);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 200);
  });
});

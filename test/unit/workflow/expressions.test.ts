import * as assert from 'node:assert/strict';
import { canBeFalse, conditionTruth, DependencyState, runsAfterFailedDependency, Truth } from '../../../server/src/core/workflow/expressions';

/**
 * Job conditions as GitHub evaluates them (docs: "Expressions", "Status check functions"): a condition
 * without a status function is `success() && (…)`; after a failed dependency success() is false and
 * failure() true; values of the run's contexts are unknown here.
 */
const cases: [condition: string | undefined, succeeded: Truth, failed: Truth][] = [
  [undefined, 'true', 'false'],
  ['', 'true', 'false'],
  ['always()', 'true', 'true'],
  ['${{ always() }}', 'true', 'true'],
  ['ALWAYS()', 'true', 'true'],
  ['!cancelled()', 'true', 'true'],
  ['${{ !cancelled() }}', 'true', 'true'],
  ['success()', 'true', 'false'],
  ['failure()', 'false', 'true'],
  ['cancelled()', 'false', 'false'],
  ['success() || failure()', 'true', 'true'],
  ['!always()', 'false', 'false'],
  ['${{ !(failure()) }}', 'true', 'false'],
  ['!!failure()', 'false', 'true'],
  ["github.event_name != 'schedule' && (success() || failure())", 'unknown', 'unknown'],
  ["failure() && github.event_name == 'push'", 'false', 'unknown'],
  ["always() || github.event_name == 'push'", 'true', 'true'],
  ["github.event.pull_request.title != 'always()'", 'unknown', 'false'],
  ["'failure()'", 'true', 'false'],
  ["contains(needs.*.result, 'failure')", 'unknown', 'false'],
  ["always() && contains(needs.*.result, 'failure')", 'unknown', 'unknown'],
  ['false', 'false', 'false'],
  ['true', 'true', 'false'],
  ["format('{0}', failure())", 'true', 'true'],
  ['${{ always() }} && false', 'true', 'true'],
  // GitHub refuses these: nothing is known.
  ['always(', 'unknown', 'unknown'],
  ['matrix.os == \'linux\'', 'unknown', 'unknown'],
  ['${{ always() ', 'unknown', 'unknown'],
];

describe('workflow/expressions: job conditions', () => {
  for (const [condition, succeeded, failed] of cases) {
    it(`if: ${condition === undefined ? '(none)' : JSON.stringify(condition)} is ${succeeded} after success, ${failed} after a failed dependency`, () => {
      const truth = (state: DependencyState) => conditionTruth(condition, state);
      assert.deepEqual([truth('succeeded'), truth('failed')], [succeeded, failed]);
      assert.equal(runsAfterFailedDependency(condition), failed !== 'false');
      assert.equal(canBeFalse(condition), succeeded !== 'true');
    });
  }
});

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { changedRange } from '../../../server/src/core/text/changedRange';

/**
 * changedRange compares texts a block at a time, then a character at a time: whatever the texts (shorter
 * and longer than a block, the change at a block's edge, repeated text on both sides of it), it must give
 * the longest common start and, in what is left, the longest common end.
 */
describe('core/changedRange: where two texts differ', () => {
  // Few letters, so that the text beside a change often repeats what was changed.
  const text = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', '\n', 'é'), maxLength: max });
  const change = fc.record({
    before: fc.oneof(text(40), text(5000)),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat(2100),
    insert: fc.oneof(text(3), text(2100)),
  });

  it('gives the longest common start and end of every pair of texts', () => {
    fc.assert(
      fc.property(change, ({ before, at, remove, insert }) => {
        const from = Math.floor(at * before.length);
        const after = before.slice(0, from) + insert + before.slice(Math.min(before.length, from + remove));
        const { start, end } = changedRange(before, after);
        const commonEnd = before.length - end;
        const limit = Math.min(before.length, after.length);
        assert.ok(start <= end && start + commonEnd <= limit, `start ${start}, end ${end}`);
        assert.equal(before.slice(0, start), after.slice(0, start));
        assert.equal(before.slice(end), after.slice(after.length - commonEnd));
        // Longest: one more character at either side differs, or there is none left.
        assert.ok(start === limit || before[start] !== after[start], `the common start goes on past ${start}`);
        assert.ok(start + commonEnd === limit || before[end - 1] !== after[after.length - commonEnd - 1], `the common end goes on before ${end}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds one character changed at each side of a block edge', () => {
    const before = 'x'.repeat(4096);
    for (const at of [0, 1, 1023, 1024, 1025, 2047, 2048, 3071, 3072, 4095]) {
      const after = before.slice(0, at) + 'y' + before.slice(at + 1);
      assert.deepEqual(changedRange(before, after), { start: at, end: at + 1 }, `at ${at}`);
    }
  });
});

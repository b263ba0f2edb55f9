import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { mayNestPast, tooDeepAt } from '../../../server/src/core/parse/nesting';

/** jsonc-parser's reading of the same text: the offset of the first bracket nested past `limit`. */
function oracle(text: string, limit: number): number | undefined {
  let depth = 0;
  let tooDeepAt: number | undefined;
  const begin = (offset: number) => {
    if (++depth > limit && tooDeepAt === undefined) tooDeepAt = offset;
  };
  visit(text, {
    onObjectBegin: begin,
    onArrayBegin: begin,
    onObjectEnd: () => void depth--,
    onArrayEnd: () => void depth--,
  });
  return tooDeepAt;
}

/** Strings made of the characters the scan must not misread inside a string: quotes, backslashes, brackets, colons. */
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '[', '{', ':', '}', ']', 'a', ' ') });
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tricky,
    fc.integer(),
    fc.constantFrom(true, false, null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('tooDeepAt (property)', () => {
  it('finds the first bracket past the limit, as jsonc-parser reads it, and only texts with more brackets than the limit may have one', () => {
    fc.assert(
      fc.property(json, fc.constantFrom(undefined, 0, 2, '\t'), fc.nat(6), (value, indent, limit) => {
        const text = JSON.stringify(value, null, indent);
        const expected = oracle(text, limit);
        assert.equal(tooDeepAt(text, limit), expected, text);
        if (!mayNestPast(text, limit)) assert.equal(expected, undefined, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a text that ends inside a string as a string to its end', () => {
    assert.equal(tooDeepAt('{"a": "open [[[[ : \\"', 1), undefined);
    assert.equal(tooDeepAt('["\\\\", [[', 2), 8);
  });
});

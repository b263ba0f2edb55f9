import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { scanStructure } from '../../../server/src/core/parse/nesting';

/** jsonc-parser's reading of the same text: the members it sees, and the offset of the first bracket nested past `limit`. */
function oracle(text: string, limit: number): { members: number; tooDeepAt?: number } {
  let members = 0;
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
    onObjectProperty: () => void members++,
  });
  return { members, tooDeepAt };
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

describe('scanStructure (property)', () => {
  it('counts the colons of the members and finds the first bracket past the limit, as jsonc-parser reads them', () => {
    fc.assert(
      fc.property(json, fc.constantFrom(undefined, 0, 2, '\t'), fc.nat(6), (value, indent, limit) => {
        const text = JSON.stringify(value, null, indent);
        const expected = oracle(text, limit);
        const scanned = scanStructure(text, limit);
        assert.equal(scanned.tooDeepAt, expected.tooDeepAt, text);
        if (expected.tooDeepAt === undefined) assert.equal(scanned.colons, expected.members, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a text that ends inside a string as a string to its end', () => {
    assert.deepEqual(scanStructure('{"a": "open [[[[ : \\"', 1), { colons: 1 });
    assert.deepEqual(scanStructure('["\\\\", [[', 2), { tooDeepAt: 8, colons: 0 });
  });
});

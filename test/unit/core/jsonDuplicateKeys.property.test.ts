import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonDocument } from '../../../server/src/core/parse/jsonDocument';

/**
 * Duplicate keys, against an oracle that knows them by construction: objects are written member by member
 * from a small set of names (each name in several spellings: plain, escaped, with colons or quotes inside),
 * so repeats are frequent, and values hold colons inside strings, which the fast path must not count.
 */
type Value = { object: [name: string, value: Value][] } | { array: Value[] } | { scalar: string };

const names: [name: string, spellings: string[]][] = [
  ['a', ['"a"', '"\\u0061"']],
  ['status', ['"status"', '"st\\u0061tus"']],
  ['a:b', ['"a:b"', '"a\\u003ab"']],
  ['q"', ['"q\\""', '"q\\u0022"']],
];
const scalars = ['1', 'true', 'null', '"x: y"', '"{\\"k\\": 1}"', '"2026-06-12T08:41:56Z"', '"\\\\"'];

const value: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...scalars).map((scalar) => ({ scalar })),
    fc.array(fc.tuple(fc.nat(names.length - 1), tie('value')), { maxLength: 5 }).map((members) => ({ object: members.map(([i, v]) => [String(i), v] as [string, Value]) })),
    fc.array(tie('value'), { maxLength: 4 }).map((array) => ({ array })),
  ),
})).value;

/** The text, with each name's spelling picked by the seed, and the duplicates the oracle counts. */
function write(v: Value, spelling: number): { text: string; duplicates: string[] } {
  if ('scalar' in v) return { text: v.scalar, duplicates: [] };
  const duplicates: string[] = [];
  if ('array' in v) {
    const items = v.array.map((item) => write(item, spelling + 1));
    items.forEach((item) => duplicates.push(...item.duplicates));
    return { text: `[${items.map((i) => i.text).join(', ')}]`, duplicates };
  }
  const seen = new Set<string>();
  const members = v.object.map(([index, member], position) => {
    const [name, spellings] = names[Number(index)];
    const inner = write(member, spelling + position);
    duplicates.push(...inner.duplicates);
    if (seen.has(name)) duplicates.push(name);
    seen.add(name);
    return `${spellings[(spelling + position) % spellings.length]}: ${inner.text}`;
  });
  return { text: `{\n${members.join(',\n')}\n}`, duplicates };
}

describe('JsonDocument: duplicate keys (property)', () => {
  it('finds exactly the later occurrences, whatever the spelling, and only they make the document invalid', () => {
    fc.assert(
      fc.property(value, fc.nat(3), (v, spelling) => {
        const { text, duplicates } = write(v, spelling);
        const doc = new JsonDocument('a.json', text);
        assert.equal(doc.syntaxErrors.length, 0, text);
        assert.deepEqual(doc.duplicateKeys.map((d) => d.name).sort(), [...duplicates].sort(), text);
        assert.equal(doc.isValid, duplicates.length === 0);
        assert.deepEqual(doc.value, JSON.parse(text), 'the value is still the native parse');
        for (const d of doc.duplicateKeys) assert.ok(d.first.start.line < d.range.start.line || d.first.start.character < d.range.start.character, 'the first occurrence comes first');
      }),
      { numRuns: 500 },
    );
  });

  it('names duplicates in a file that does not parse too', () => {
    const doc = new JsonDocument('a.json', '{"status": "failed", "status": "passed",}');
    assert.ok(doc.syntaxErrors.length > 0);
    assert.deepEqual(doc.duplicateKeys.map((d) => [d.name, d.range.start.character, d.first.start.character]), [['status', 21, 1]]);
  });

  it('refuses a value nested past 256 levels at the first bracket past them, also one a later duplicate hides from the value', () => {
    const deepest = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const atLimit = new JsonDocument('a.json', deepest(256));
    assert.deepEqual([atLimit.syntaxErrors, atLimit.isValid], [[], true]);
    for (const [text, at] of [
      [deepest(257), 256],
      [deepest(200_000), 256],
      // JSON.parse keeps the second "a": the deep one is in the text only.
      [`{"a": ${deepest(200_000)}, "a": 1}`, 6 + 255],
    ] as const) {
      const doc = new JsonDocument('a.json', text);
      assert.equal(doc.syntaxErrors.length, 1, text.slice(0, 20));
      assert.match(doc.syntaxErrors[0].message, /nested deeper than 256 levels/);
      assert.deepEqual(doc.syntaxErrors[0].range.start, { line: 0, character: at });
      assert.equal(doc.isValid, false);
      assert.equal(doc.value, undefined);
    }
  });
});

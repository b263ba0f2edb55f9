import fc from 'fast-check';

/** One edit a careless tool, a truncated download or a bad merge could make to a file. */
export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'retype'; at: number; value: string };

const garbage = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\n', '\r\n', '\t', '- ', ': ', '#', '&a', '*a', '\u0000', '\uFEFF', '\uD800', '${{', '<< PY', 'PY', '💥'),
);

/** Values of other JSON types, to put where a value stood (wrong types at every path). */
const otherValue = fc.constantFrom('null', 'true', '0', '-1', '1e309', '""', '"x"', '[]', '{}', '[null]', '{"a":{}}', '"passed"', '"failed"', '"unverified"');

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }), to: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: garbage }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: otherValue }),
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

const valueToken = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null/g;

export function applyMutation(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.op) {
    case 'truncate':
      return text.slice(0, at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate': {
      const piece = text.slice(at, at + m.length);
      const to = text.length === 0 ? 0 : m.to % (text.length + 1);
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'retype': {
      // Replace the value token at or after the position, keeping the rest of the file intact.
      valueToken.lastIndex = at;
      const found = valueToken.exec(text) ?? ((valueToken.lastIndex = 0), valueToken.exec(text));
      return found ? text.slice(0, found.index) + m.value + text.slice(found.index + found[0].length) : text;
    }
  }
}

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Node } from 'jsonc-parser';
import { JsonDocument } from '../../../server/src/core/parse/jsonDocument';
import { repoRoot } from '../../support/paths';

/**
 * A keystroke inside a string of a JSON file whose tree was built moves that tree (JsonDocument.afterEdit)
 * instead of building it again. Whatever the edit, the result must be the parse of the new text: the same
 * tree (types, offsets, lengths, colons, values), value, errors and duplicate keys as a parse from scratch,
 * and the previous value, which kept results hold, unchanged.
 */
const files = ['docs/required_status_checks.json', '.github/release_exceptions.example.json', 'artifacts/check_runs.json', 'artifacts/smoke_report.json'].map((file) => fs.readFileSync(path.join(repoRoot, 'examples', 'agent-skills', file), 'utf8'));
files.push(
  '{"a": "x\\u00e9y", "b": ["\\\\", "q\\"", "tab\\t"], "c": {"d": "e"}, "c": "again"}\n',
  '\ufeff{\r\n  "required_status_checks": ["ci / test", "ci / lint"],\r\n  "check_job_mapping": {"ci / test": {"workflow": "ci.yml", "job_id": "test"}}\r\n}\r\n',
);

/** What is typed: plain text, and what changes a string's escapes or its end. */
const typed = ['x', 'ab', ' ', '(py3.12)', 'é', '"', '\\', '\\"', '\n', '\t', 'u', '0', '}', ',', ':'];

const edit = fc.record({
  file: fc.nat(),
  /** Which string (by order in the text), and where in it, or anywhere in the file. */
  string: fc.nat(),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 2 }),
  insert: fc.oneof({ arbitrary: fc.constantFrom(...typed), weight: 3 }, { arbitrary: fc.constant(''), weight: 1 }),
  anywhere: fc.nat(9).map((n) => n < 2),
});

function strings(node: Node | undefined, out: Node[] = []): Node[] {
  if (!node) return out;
  if (node.type === 'string') out.push(node);
  for (const child of node.children ?? []) strings(child, out);
  return out;
}

/** The tree as a comparable value (without parent links). */
function shape(node: Node | undefined): unknown {
  if (!node) return null;
  return [node.type, node.offset, node.length, node.colonOffset ?? null, node.type === 'object' || node.type === 'array' || node.type === 'property' ? null : node.value, (node.children ?? []).map(shape)];
}

describe('JsonDocument.afterEdit (property)', () => {
  it('after any sequence of edits, the moved tree is the parse of the new text', () => {
    let spliced = 0;
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        let doc = new JsonDocument('a.json', files[which]);
        void doc.root;
        for (const e of edits) {
          const inString = strings(doc.root);
          const target = inString[e.string % Math.max(inString.length, 1)];
          const at = !e.anywhere && target ? target.offset + 1 + Math.floor(e.at * (target.length - 1)) : Math.floor(e.at * doc.text.length);
          const text = doc.text.slice(0, at) + e.insert + doc.text.slice(at + e.remove);
          const fresh = new JsonDocument('a.json', text);
          // The previous value is kept by the results that read it: the move must leave it as it was.
          const previousValue = doc.value;
          const before = JSON.stringify(previousValue);
          const moved = JsonDocument.afterEdit(doc, text);
          assert.equal(JSON.stringify(previousValue), before, 'the previous value was changed');
          if (moved) {
            spliced++;
            assert.deepEqual(shape(moved.root), shape(fresh.root), text);
            assert.deepEqual(moved.value, fresh.value, text);
            assert.deepEqual(moved.syntaxErrors, fresh.syntaxErrors, text);
            assert.deepEqual(moved.duplicateKeys, fresh.duplicateKeys, text);
            assert.equal(moved.isValid, fresh.isValid);
          }
          doc = moved ?? fresh;
          void doc.root;
        }
      }),
      { numRuns: 3000 },
    );
    assert.ok(spliced > 1000, `only ${spliced} edits were made by moving the tree`);
  });
});

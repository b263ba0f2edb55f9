import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonDocument } from '../../../server/src/core/parse/jsonDocument';
import { LineIndex } from '../../../server/src/core/text/lineIndex';

describe('LineIndex', () => {
  it('counts LF, CRLF and lone CR line ends as LSP does', () => {
    const index = new LineIndex('a\nbb\r\nccc\rd');
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(2), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(4), { line: 1, character: 2 }); // the \r of \r\n ends line 1
    assert.deepEqual(index.positionAt(6), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(10), { line: 3, character: 0 });
    assert.equal(index.lineCount, 4);
  });

  it('round-trips offsets and clamps past the end of a line', () => {
    const text = 'one\r\ntwo\nthree';
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // between \r and \n is not a position
      assert.equal(index.offsetAt(index.positionAt(offset)), offset, `offset ${offset}`);
    }
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 3);
    assert.deepEqual(index.positionAt(4), { line: 0, character: 3 }, 'between \\r and \\n: the end of the line');
    assert.equal(index.offsetAt({ line: 9, character: 0 }), text.length);
  });

  it('answers questions in any order as a reading of the whole text does, with carriage returns or without', () => {
    /** Every offset's position, from one pass over the text. */
    const oracle = (text: string) => {
      const positions: { line: number; character: number }[] = [];
      let line = 0;
      let start = 0;
      for (let offset = 0; offset <= text.length; offset++) {
        const inPair = text[offset - 1] === '\r' && text[offset] === '\n';
        positions.push({ line, character: inPair ? offset - 1 - start : offset - start });
        if (text[offset] === '\n' || (text[offset] === '\r' && text[offset + 1] !== '\n')) {
          line++;
          start = offset + 1;
        }
      }
      return positions;
    };
    const text = fc.array(fc.constantFrom('a', 'bc', '\n', '\r\n', '\r', '\n\n'), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(200), { maxLength: 12 }), (text, questions) => {
        const index = new LineIndex(text);
        const expected = oracle(text);
        for (const question of questions) {
          const offset = question % (text.length + 1);
          assert.deepEqual(index.positionAt(offset), expected[offset], JSON.stringify([text, offset]));
        }
        assert.equal(index.lineCount, expected[text.length].line + 1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('JsonDocument', () => {
  it('gives CRLF files the same ranges a reader sees', () => {
    const doc = new JsonDocument('a.json', '{\r\n  "status": "failed",\r\n  "summary": {\r\n    "failed": 2\r\n  }\r\n}\r\n');
    assert.deepEqual(doc.rangeOf(doc.nodeAt(['status'])!), { start: { line: 1, character: 12 }, end: { line: 1, character: 20 } });
    assert.deepEqual(doc.rangeNear(['summary', 'failed']).start, { line: 3, character: 14 });
    assert.deepEqual(doc.rangeNear(['summary', 'total']).start, { line: 2, character: 2 }, 'a missing field is shown at its parent key');
  });

  it('accepts a byte-order mark without moving positions', () => {
    const doc = new JsonDocument('a.json', '\uFEFF{"status": "passed"}');
    assert.ok(doc.isValid);
    assert.equal(doc.valueAt(['status']), 'passed');
    assert.deepEqual(doc.rangeOf(doc.nodeAt(['status'])!).start, { line: 0, character: 12 });
  });

  it('reports truncation, comments and trailing commas as syntax errors at their place', () => {
    assert.equal(new JsonDocument('a.json', '{"status": "passed"').isValid, false);
    const comment = new JsonDocument('a.json', '{\n  // note\n  "status": "passed"\n}');
    assert.equal(comment.syntaxErrors[0].range.start.line, 1);
    const trailing = new JsonDocument('a.json', '{"a": 1,}');
    assert.equal(trailing.isValid, false);
    assert.match(trailing.syntaxErrors[0].message, /^Invalid JSON: /);
  });

  it('finds nodes by ajv instance pointers, including escaped keys', () => {
    const doc = new JsonDocument('a.json', '{"checks": [{"check_id": "x"}, {"check_id": "y"}], "a/b": {"~k": 1}}');
    assert.equal(doc.nodeAtPointer('/checks/1/check_id')?.value, 'y');
    assert.equal(doc.nodeAtPointer('/a~1b/~0k')?.value, 1);
    assert.equal(doc.nodeAtPointer('/checks/5'), undefined);
  });
});

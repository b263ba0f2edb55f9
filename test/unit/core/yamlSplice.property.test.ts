import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, Node, Scalar } from 'yaml';
import { YamlDocument } from '../../../server/src/core/parse/yamlDocument';
import { corpusRepositories, workflowFiles } from '../../support/corpus';
import { repoRoot } from '../../support/paths';

/**
 * A keystroke inside one job is parsed by parsing that job alone and putting it into the previous parse
 * (YamlDocument.afterEdit). Whatever the edit, the result must be the parse of the new text: same nodes,
 * kinds, values, tags, anchors and ranges as a parse from scratch. Comments are not compared: nothing reads
 * them from the document (suppressions are found in the text).
 */
const workflows: { file: string; text: string }[] = [
  ...corpusRepositories().flatMap((repository) => workflowFiles(repository).map((file) => ({ file: `${repository.repository}/${file}`, text: fs.readFileSync(path.join(repository.folder, file), 'utf8') }))),
  ...['ci.yml', 'smoke.yml'].map((name) => ({ file: name, text: fs.readFileSync(path.join(repoRoot, 'examples', 'agent-skills', '.github', 'workflows', name), 'utf8') })),
];
// Written on Windows too: the same files with CRLF line ends.
workflows.push(...workflows.filter((_, i) => i % 20 === 0).map(({ file, text }) => ({ file: `${file} (CRLF)`, text: text.replace(/\r?\n/g, '\r\n') })));

/** What is typed: ordinary text, and every character that changes YAML's structure. */
const typed = ['x', 'ab', ' ', '  ', '\n', '\n      ', '\n  ', ':', ': ', ': x', '- ', '-', '#', ' # note', "'", '"', '|', '>-', '{', '}', '[', ']', ',', '*a', '&a ', '\t', '---\n', '...\n', '? ', '!!str ', '%', '@', '`', '\r\n', '\n\n', '\n# comment\n', '\n  extra-job:\n    runs-on: x\n', '\n    env:\n      A: 1'];

type Edit = { job: number; at: number; remove: number; insert: string; anywhere: boolean };

const edit: fc.Arbitrary<Edit> = fc.record({
  job: fc.nat(400),
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  remove: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.constant(1), weight: 2 }, { arbitrary: fc.integer({ min: 2, max: 12 }), weight: 1 }),
  insert: fc.oneof({ arbitrary: fc.constantFrom('x', 'ab', 'name', '-', '1'), weight: 3 }, { arbitrary: fc.constantFrom(...typed), weight: 2 }, { arbitrary: fc.constant(''), weight: 1 }),
  anywhere: fc.nat(9).map((n) => n < 2),
});

/** The offset an edit is made at: inside the lines of one job, mostly; anywhere in the file, sometimes. */
function offsetOf(doc: YamlDocument, e: Edit): number {
  const jobs = isMap(doc.document.contents) ? doc.document.contents.get('jobs', true) : undefined;
  if (e.anywhere || !isMap(jobs) || jobs.items.length === 0) return Math.floor(e.at * doc.text.length);
  const i = e.job % jobs.items.length;
  const start = (jobs.items[i].key as Node).range?.[0] ?? 0;
  const next = (jobs.items[i + 1]?.key as Node | undefined)?.range?.[0] ?? doc.text.length;
  return Math.floor(start + e.at * (next - start));
}

/** The parse as a comparable list: each node's path, kind, range and scalar value, tag and anchor. */
function shape(doc: YamlDocument): unknown[] {
  const rows: unknown[] = [['document', doc.document.range, doc.document.errors.length]];
  const walk = (node: unknown, where: string): void => {
    if (isPair(node)) {
      walk(node.key, `${where}.key`);
      walk(node.value, `${where}.value`);
      return;
    }
    if (!isNode(node)) {
      rows.push([where, node ?? null]);
      return;
    }
    const n = node as Node;
    const kind = isScalar(n) ? `scalar:${(n as Scalar).type}` : isMap(n) ? `map:${n.flow ? 'flow' : 'block'}` : isSeq(n) ? `seq:${n.flow ? 'flow' : 'block'}` : isAlias(n) ? 'alias' : 'other';
    rows.push([where, kind, n.range, isScalar(n) ? (n as Scalar).value : null, n.tag ?? null, n.anchor ?? null]);
    if (isMap(n) || isSeq(n)) n.items.forEach((item, i) => walk(item, `${where}/${i}`));
  };
  walk(doc.document.contents, '');
  return rows;
}

describe('YamlDocument.afterEdit: one job parsed alone (property)', () => {
  it('gives the parse of the new text, for edits in and around jobs of real workflows', () => {
    let spliced = 0;
    let edits = 0;
    fc.assert(
      fc.property(fc.nat(workflows.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (index, sequence) => {
        const { file, text } = workflows[index];
        let doc = new YamlDocument(file, text);
        for (const e of sequence) {
          const at = offsetOf(doc, e);
          const next = doc.text.slice(0, at) + e.insert + doc.text.slice(at + e.remove);
          if (next === doc.text) continue;
          edits++;
          const fresh = new YamlDocument(file, next);
          const expected = shape(fresh);
          const afterEdit = YamlDocument.afterEdit(doc, next);
          if (afterEdit) {
            spliced++;
            assert.deepEqual(afterEdit.syntaxErrors, [], `${file}: spliced, yet the text has errors`);
            assert.deepEqual(fresh.syntaxErrors, [], `${file}: spliced an edit that does not parse`);
            assert.deepEqual(shape(afterEdit), expected, `${file}: ${JSON.stringify(e)} at ${at}`);
            doc = afterEdit;
          } else {
            doc = fresh;
          }
        }
      }),
      { numRuns: Number(process.env.YAML_SPLICE_RUNS ?? 400) },
    );
    // Most edits inside a job are spliced; the test would prove nothing if none were.
    assert.ok(spliced > edits / 4, `${spliced} of ${edits} edits spliced`);
    if (process.env.YAML_SPLICE_RUNS) console.log(`${spliced} of ${edits} edits spliced`);
  });

  it('leaves edits that reach past their job, or that add aliases, to a parse of the whole text', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: x\n  b:\n    runs-on: y\nenv:\n  K: 1\n';
    const inA = text.indexOf('runs-on: x') + 'runs-on: '.length;
    assert.ok(YamlDocument.afterEdit(new YamlDocument('w.yml', text), text.slice(0, inA) + 'z' + text.slice(inA)), 'a letter in job a is spliced');
    const cases: [string, string][] = [
      ['a new top-level key inside job a', text.slice(0, inA) + 'x\nname: n\n ' + text.slice(inA)],
      ['job a renamed to b', text.replace('  a:', '  b:')],
      ['an alias in job a', text.replace('runs-on: x', 'runs-on: *x')],
      ['an edit across jobs a and b', text.replace('x\n  b', 'q\n  c')],
      ['the last job, with a key after jobs', text.replace('runs-on: y', 'runs-on: [y]')],
      ['an edit before jobs', text.replace('on: push', 'on: [push]')],
      ['a plain scalar that becomes a key', text.replace('runs-on: x', 'runs-on: x: 1')],
      ['a plain scalar that takes a comment', text.replace('on: push', 'on: push # now')],
    ];
    for (const [what, edited] of cases) assert.equal(YamlDocument.afterEdit(new YamlDocument('w.yml', text), edited), undefined, what);
  });

  it('puts an edit within one plain scalar value in place, anywhere in the file', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make  # build\n  b:\n    runs-on: y\nenv:\n  K: 1\n';
    const cases: [string, string][] = [
      ['before jobs', text.replace('on: push', 'on: pull_request')],
      ['in the last job, with a key after jobs', text.replace('runs-on: y', 'runs-on: ubuntu-24.04')],
      ['after jobs, a number that becomes a string', text.replace('K: 1', 'K: 1x')],
      ['in a list item, before a comment', text.replace('run: make  #', 'run: make test  #')],
    ];
    for (const [what, edited] of cases) {
      const spliced = YamlDocument.afterEdit(new YamlDocument('w.yml', text), edited);
      assert.ok(spliced, what);
      assert.deepEqual(shape(spliced), shape(new YamlDocument('w.yml', edited)), what);
    }
  });
});

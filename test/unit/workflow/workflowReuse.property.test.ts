import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { isMap, Node } from 'yaml';
import { releaseParse, Workflow, workflowOf } from '../../../server/src/core/workflow/workflowModel';
import { expandMatrix } from '../../../server/src/core/workflow/matrix';
import { ParseCache, WorkspaceModel } from '../../../server/src/core/workspace';
import { corpusRepositories, workflowFiles } from '../../support/corpus';
import { repoRoot } from '../../support/paths';

/**
 * After an edit of a workflow whose parse is moved in place (YamlDocument.afterEdit), the jobs the edit
 * did not reach are kept from the previous workflow, with their nodes. Whatever the edits, the workflow
 * must be the one read from a parse from scratch: every job's values, ranges, steps and node ranges.
 */
const texts = [
  ...corpusRepositories().flatMap((repository) => workflowFiles(repository).map((file) => fs.readFileSync(path.join(repository.folder, file), 'utf8'))),
  ...['ci.yml', 'smoke.yml'].map((name) => fs.readFileSync(path.join(repoRoot, 'examples', 'agent-skills', '.github', 'workflows', name), 'utf8')),
].filter((text) => (text.match(/^ {2}[\w-]+:\s*$/gm) ?? []).length >= 3);
const file = '.github/workflows/edited.yml';

/** What is typed: within a value, and what moves the lines or the structure. */
const typed = ['x', 'ab', ' ', '-1', '\n', '\n      ', ': ', '# ', "'", '{', ']', '\n  extra-job:\n    runs-on: x\n', '\r\n'];

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  job: fc.nat(400),
  remove: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 6 }), weight: 1 }),
  insert: fc.oneof({ arbitrary: fc.constantFrom('x', 'ab', '1'), weight: 3 }, { arbitrary: fc.constantFrom(...typed), weight: 1 }),
});

/** A workflow as plain data: what the rules read of each job, and the ranges of the nodes it holds. */
function shape(workflow: Workflow | undefined): unknown {
  if (!workflow) return undefined;
  const range = (node: unknown) => (node as Node | undefined)?.range ?? null;
  return workflow.jobs.map((job) => {
    const { steps, ...data } = job;
    return {
      ...data,
      node: range(job.node),
      keyNode: range(job.keyNode),
      nameNode: range(job.nameNode),
      steps: steps.map((step) => ({ ...step, runNode: range(job.runNode(step)) })),
      expansion: expandMatrix(job.matrix),
    };
  });
}

function read(cache: ParseCache, text: string): Workflow | undefined {
  return workflowOf(new WorkspaceModel({ files: new Map([[file, text]]), now: new Date(0) }, cache), file);
}

describe('workflow/workflowModel: jobs kept across an edit of their workflow (property)', () => {
  it('reads after every edit the workflow a parse from scratch gives', () => {
    let kept = 0;
    let jobs = 0;
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(edit, { minLength: 1, maxLength: 8 }), (index, sequence) => {
        const cache = new ParseCache();
        let text = texts[index];
        let previous = read(cache, text);
        for (const e of sequence) {
          const doc = cache.yamlDocument(file, text);
          const jobsMap = isMap(doc.document.contents) ? doc.document.contents.get('jobs', true) : undefined;
          const items = isMap(jobsMap) ? jobsMap.items : [];
          const job = items[e.job % Math.max(items.length, 1)];
          const start = (job?.key as Node | undefined)?.range?.[0] ?? 0;
          const end = (items[items.indexOf(job!) + 1]?.key as Node | undefined)?.range?.[0] ?? text.length;
          const at = Math.floor(start + e.at * (end - start));
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          const workflow = read(cache, text);
          assert.deepEqual(shape(workflow), shape(read(new ParseCache(), text)), `${JSON.stringify(e)} at ${at}`);
          const before = new Set(previous?.jobs);
          for (const j of workflow?.jobs ?? []) {
            jobs++;
            if (before.has(j)) kept++;
          }
          previous = workflow;
        }
        // Let go of its parse (its file closed): its nodes, the kept jobs' too, are found again at the same places.
        if (previous) {
          const held = shape(previous);
          const heldDoc = previous.doc;
          releaseParse(previous);
          assert.notEqual(previous.doc, heldDoc, 'parsed again');
          assert.equal(previous.doc.text, text);
          assert.deepEqual(shape(previous), held, 'nodes found again in a parse of the same text');
        }
      }),
      { numRuns: Number(process.env.WORKFLOW_REUSE_RUNS ?? 300) },
    );
    // The test proves nothing unless most jobs were kept.
    assert.ok(kept > jobs / 2, `${kept} of ${jobs} jobs kept`);
  });
});

describe('workflow/workflowModel: jobs kept across an edit', () => {
  const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    needs: [b, c]\n  b:\n    name: Build\n    runs-on: y\n  c:\n    runs-on: z\n';
  const edited = (from: string, to: string) => {
    const cache = new ParseCache();
    const before = read(cache, text)!;
    const after = read(cache, text.replace(from, to))!;
    assert.deepEqual(shape(after), shape(read(new ParseCache(), text.replace(from, to))));
    return after.jobs.map((job) => before.jobs.includes(job));
  };

  it('keeps the jobs a keystroke in another job leaves where they were', () => {
    assert.deepEqual(edited('Build', 'Builds'), [true, false, true]);
    assert.deepEqual(edited('runs-on: x', 'runs-on: xy'), [false, true, true]);
  });

  it('reads again the jobs below an edit that adds a line', () => {
    assert.deepEqual(edited('[b, c]', '[b,\n      c]'), [false, false, false]);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWorkspace } from '../../../server/src/core/engine';
import type { LiveEvidence } from '../../../server/src/core/live';
import type { Finding } from '../../../server/src/core/types';
import { diagnosticLine } from '../../../server/src/core/output/text';
import { internalErrorRule, rules } from '../../../server/src/core/rules/index';
import { readWorkspace } from '../../../server/src/node/workspaceReader';
import { repoRoot } from '../../support/paths';

/**
 * The examples of docs/rules/*.md, run as written (the format is described in docs/rules/README.md): the files
 * of an example are written to an empty folder, checked, and the diagnostics compared with its output block.
 */
const rulesDir = path.join(repoRoot, 'docs', 'rules');
/** The clock of every example, so that dates in them stay in the future or the past. */
const now = new Date('2026-11-20T12:00:00Z');
/**
 * A rule no input triggers: it reports a rule that failed unexpectedly. Its page may illustrate the finding,
 * but not as an output block, which would claim to be checked.
 */
const withoutExample = new Set([internalErrorRule]);

interface Example {
  files: { path: string; text: string }[];
  /** Files of the pull request's base commit: the example is a pull request into the live branch (else main). */
  baseFiles: { path: string; text: string }[];
  live?: Omit<LiveEvidence, 'files' | 'reads' | 'errors'>;
  /** Every rule's diagnostics (`output all`), or only the page's. */
  all: boolean;
  output: string[];
  /** 1-based line of the output block in the page. */
  line: number;
}

interface Fence {
  info: string[];
  text: string;
  line: number;
}

function fences(markdown: string): Fence[] {
  const found: Fence[] = [];
  const fence = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (const m of markdown.matchAll(fence)) found.push({ info: m[1].trim().split(/\s+/).filter(Boolean), text: m[2], line: markdown.slice(0, m.index).split('\n').length });
  return found;
}

function examples(markdown: string): Example[] {
  const found: Example[] = [];
  let files: Example['files'] = [];
  let baseFiles: Example['baseFiles'] = [];
  let live: Example['live'];
  for (const { info, text, line } of fences(markdown)) {
    const filePath = info.find((word) => word.startsWith('path='))?.slice('path='.length);
    const basePath = info.find((word) => word.startsWith('base='))?.slice('base='.length);
    if (filePath) files.push({ path: filePath, text });
    else if (basePath) baseFiles.push({ path: basePath, text });
    else if (info.includes('github')) live = JSON.parse(text);
    else if (info[0] === 'text' && info.includes('output')) {
      found.push({ files, baseFiles, live, all: info.includes('all'), output: text.split('\n').filter((l) => l !== ''), line });
      files = [];
      baseFiles = [];
      live = undefined;
    }
  }
  return found;
}

/** Diagnostic lines of the text output, as an unchecked block would show them. */
const looksLikeOutput = /^\S+?(:\d+(:\d+)?)?: (error|warning|information|hint) [a-z]+(-[a-z]+)+ /;

function run(example: Example): Finding[] {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-docs-'));
  try {
    for (const file of example.files) {
      fs.mkdirSync(path.dirname(path.join(folder, file.path)), { recursive: true });
      fs.writeFileSync(path.join(folder, file.path), file.text);
    }
    const { snapshot, policyFile } = readWorkspace(folder, { now });
    const live = example.live && { ...example.live, files: [], reads: [], errors: [] };
    const pullRequestBase = example.baseFiles.length > 0 ? { ref: example.live?.branch ?? 'main', sha: '5d2b8e1f0a9c7d6e4b3a2f1e0d9c8b7a6f5e4d3c', files: new Map(example.baseFiles.map((f) => [f.path, f.text])) } : undefined;
    return checkWorkspace({ ...snapshot, live, pullRequestBase }, { policyFile }).findings;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

describe('rule documentation examples (docs/rules)', () => {
  for (const id of [...rules.map((r) => r.id), internalErrorRule]) {
    const page = path.join(rulesDir, `${id}.md`);
    const markdown = fs.readFileSync(page, 'utf8');
    const pageExamples = examples(markdown);

    if (withoutExample.has(id)) {
      it(`${id}.md: has no output block, since no input triggers the rule`, () => {
        assert.deepEqual(pageExamples.map((e) => `line ${e.line}`), []);
      });
      continue;
    }

    it(`${id}.md: no diagnostic is shown outside a checked output block`, () => {
      const unchecked = fences(markdown).filter((f) => !(f.info[0] === 'text' && f.info.includes('output'))).flatMap((f) => f.text.split('\n').filter((l) => looksLikeOutput.test(l)).map((l) => `line ${f.line}: ${l}`));
      assert.deepEqual(unchecked, []);
    });

    it(`${id}.md: has an example that triggers the rule`, () => {
      assert.ok(pageExamples.some((e) => e.output.some((l) => l.includes(` ${id} `))), 'an output block with a diagnostic of the rule');
    });

    for (const example of pageExamples) {
      it(`${id}.md:${example.line}: the output block is what the example gives`, () => {
        const lines = run(example).filter((f) => example.all || f.rule === id).map((f) => diagnosticLine(f));
        assert.deepEqual(lines, example.output);
      });
    }
  }
});

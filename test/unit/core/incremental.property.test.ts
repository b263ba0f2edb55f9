import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkWorkspace } from '../../../server/src/core/engine';
import { IncrementalState } from '../../../server/src/core/incremental';
import type { WorkspaceResult } from '../../../server/src/core/types';
import { ParseCache } from '../../../server/src/core/workspace';
import { readWorkspace } from '../../../server/src/node/workspaceReader';
import { repoRoot } from '../../support/paths';

/**
 * The incremental engine against a fresh full check: after a random sequence of edits, each checked
 * incrementally as the language server does, the result equals checkWorkspace of the final texts with
 * nothing kept. The edits are those that change what other files read: names swapped for other names of
 * the workspace (jobs, checks, statuses, report paths), numbers changed, files removed, restored, copied
 * under new names or left unread, plain typing that breaks the syntax, and the clock moved (a policy that
 * limits a report's age makes it fresh or stale, an exception record expires).
 */

const now = new Date('2026-11-20T12:00:00Z');
/** Edit sequences over the workspaces, shared as `share` says; INCREMENTAL_RUNS=20000 for a longer run. */
const runs = Number(process.env.INCREMENTAL_RUNS ?? 2000);

/** The workspaces: base-go, the example, base-go under a policy limiting the replay report to 24 h, and with a waiver that expires. */
const workspaces = [
  { name: 'test/fixtures/workspaces/base-go', folders: ['test/fixtures/workspaces/base-go'], share: 0.4 },
  { name: 'examples/agent-skills', folders: ['examples/agent-skills'], share: 0.3 },
  { name: 'base-go with a 24 h age limit (the clock moves)', folders: ['test/fixtures/workspaces/base-go', 'test/fixtures/cases/controls/stale-max-age/files'], share: 0.15 },
  { name: 'base-go with an exception that expires a day after the replay report (the clock moves)', folders: ['test/fixtures/workspaces/base-go', 'test/fixtures/cases/controls/waived/files', 'test/fixtures/workspaces/expiring-exception'], share: 0.15 },
];
/** When base-go's replay report was generated: the clock moves around its 24 h limit. */
const replayGeneratedAt = Date.parse('2026-06-12T08:44:32Z');

interface Workspace {
  files: Map<string, string>;
  /** Words of the workspace's texts, to put one in place of another. */
  words: string[];
}

/** The files of the folders, each laid over the ones before. */
function load(folders: string[]): Workspace {
  const files = new Map(folders.flatMap((folder) => [...readWorkspace(path.join(repoRoot, folder)).snapshot.files]));
  const words = [...new Set([...files.values()].flatMap((text) => text.match(/[A-Za-z_][\w.-]{2,40}/g) ?? []))].sort();
  return { files, words };
}

type Edit =
  | { kind: 'word'; file: number; at: number; word: number }
  | { kind: 'digit'; file: number; at: number; digit: number }
  | { kind: 'type'; file: number; at: number; text: string }
  | { kind: 'delete'; file: number; at: number; length: number }
  | { kind: 'remove'; file: number }
  | { kind: 'restore'; file: number }
  | { kind: 'copy'; file: number; to: number }
  | { kind: 'unread'; file: number }
  | { kind: 'clock'; minutes: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('word' as const), file: fc.nat(), at: fc.nat(), word: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('digit' as const), file: fc.nat(), at: fc.nat(), digit: fc.integer({ min: 0, max: 9 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('type' as const), file: fc.nat(), at: fc.nat(), text: fc.constantFrom('"', ',', '{', '}', ':', '- ', '\n', '#', 'x', ' ') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat(), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), file: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), file: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('copy' as const), file: fc.nat(), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unread' as const), file: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), minutes: fc.integer({ min: -120, max: 60 * 60 }) }) },
);

/** Where a copy may land: a second workflow, a report under another known name, an evidence file. */
const copyTargets = ['.github/workflows/extra.yml', 'artifacts/smoke_report.json', 'artifacts/policy_shadow_report.json', 'artifacts/needs_context.json', '.github/readiness-suppressions.json', '.github/release_exceptions.json'];

interface Texts {
  files: Map<string, string>;
  skipped: Map<string, string>;
  now: Date;
}

/** Applies one edit; returns the files it may have changed. */
function apply(ws: Workspace, texts: Texts, e: Edit): string[] {
  if (e.kind === 'clock') {
    texts.now = new Date(replayGeneratedAt + e.minutes * 60_000);
    return [];
  }
  const names = [...new Set([...ws.files.keys(), ...texts.files.keys()])].sort();
  const file = names[e.file % names.length];
  const text = texts.files.get(file);
  switch (e.kind) {
    case 'word': {
      if (text === undefined) return [];
      const matches = [...text.matchAll(/[A-Za-z_][\w.-]{2,40}/g)];
      if (matches.length === 0) return [];
      const m = matches[e.at % matches.length];
      texts.files.set(file, text.slice(0, m.index) + ws.words[e.word % ws.words.length] + text.slice(m.index! + m[0].length));
      return [file];
    }
    case 'digit': {
      if (text === undefined) return [];
      const digits = [...text.matchAll(/\d/g)];
      if (digits.length === 0) return [];
      const at = digits[e.at % digits.length].index!;
      texts.files.set(file, text.slice(0, at) + String(e.digit) + text.slice(at + 1));
      return [file];
    }
    case 'type':
      if (text !== undefined) texts.files.set(file, text.slice(0, e.at % (text.length + 1)) + e.text + text.slice(e.at % (text.length + 1)));
      return [file];
    case 'delete':
      if (text !== undefined) texts.files.set(file, text.slice(0, e.at % (text.length + 1)) + text.slice((e.at % (text.length + 1)) + e.length));
      return [file];
    case 'remove':
      texts.files.delete(file);
      texts.skipped.delete(file);
      return [file];
    case 'restore': {
      texts.skipped.delete(file);
      const original = ws.files.get(file);
      if (original !== undefined) texts.files.set(file, original);
      return [file];
    }
    case 'copy': {
      if (text === undefined) return [];
      const to = copyTargets[e.to % copyTargets.length];
      texts.skipped.delete(to);
      texts.files.set(to, text);
      return [to];
    }
    case 'unread':
      texts.files.delete(file);
      texts.skipped.set(file, 'it is over the size limit');
      return [file];
  }
}

/** What a check gives, as one comparable value. */
function outcome(result: WorkspaceResult): string {
  return JSON.stringify(result);
}

describe('incremental checks equal a fresh full check of the final texts', function () {
  this.timeout(240_000);
  for (const { name, folders, share } of workspaces) {
    it(`after random edit sequences: ${name}`, () => {
      const ws = load(folders);
      // The incremental side keeps its parses across sequences, as the language server keeps them across
      // edits; the fresh check parses everything anew, so no cache of either side answers for the other.
      const parses = new ParseCache();
      fc.assert(
        // told: the files an edit changed are handed to the check, which gets the same maps changed in place
        // (as the language server does); else each check gets new maps and compares every file.
        fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), fc.constantFrom('auto' as const, 'adopted' as const, 'off' as const), fc.boolean(), (edits, playbook, told) => {
          const texts: Texts = { files: new Map(ws.files), skipped: new Map(), now };
          const incremental = new IncrementalState();
          const check = (changedFiles?: string[]) =>
            told
              ? checkWorkspace({ files: texts.files, skipped: texts.skipped, now: texts.now }, { cache: parses, incremental, playbook, changedFiles })
              : checkWorkspace({ files: new Map(texts.files), skipped: new Map(texts.skipped), now: texts.now }, { cache: parses, incremental, playbook });
          check();
          for (const e of edits) check(apply(ws, texts, e));
          const fresh = checkWorkspace({ files: new Map(texts.files), skipped: new Map(texts.skipped), now: texts.now }, { cache: new ParseCache(), playbook });
          assert.equal(outcome(check([])), outcome(fresh));
        }),
        { numRuns: Math.round(runs * share) },
      );
    });
  }
});

/** Scenarios 1 and 2: the parse floor and the cold verdict (what the CLI does, in process). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkWorkspace } from '../../server/src/core/engine';
import { forgetRemembered } from '../../server/src/core/memo';
import { ParseCache } from '../../server/src/core/workspace';
import { readWorkspace } from '../../server/src/node/workspaceReader';
import type { GeneratedWorkspace } from './lib/generate';
import { fmt, Summary, summarize } from './lib/stats';
import { log, now } from './lib/run';

export interface ColdFigures {
  floor: Summary;
  floorRead: Summary;
  read: Summary;
  check: Summary;
  total: Summary;
  ratio: Summary;
  findings: number;
  controls: number;
  verdict: string;
}

/** Reading and parsing the bytes the engine reads, with JSON.parse and yaml's parse: the cost no validator can beat. */
export function floorRun(root: string, files: string[]): { read: number; total: number } {
  const t0 = now();
  const texts = files.map((file) => fs.readFileSync(path.join(root, file), 'utf8'));
  const t1 = now();
  for (let i = 0; i < files.length; i++) {
    if (files[i].endsWith('.json')) JSON.parse(texts[i]);
    else if (/\.ya?ml$/.test(files[i])) parseYaml(texts[i]);
  }
  return { read: t1 - t0, total: now() - t0 };
}

/** The CLI's path, in-process: read the workspace from disk, then checkWorkspace, with a new ParseCache for both (see readFolder). */
function coldRun(root: string): { read: number; check: number; total: number; result: ReturnType<typeof checkWorkspace>; files: string[] } {
  // As in a new process: nothing the engine remembers of texts seen before (Python snippets, conditions).
  forgetRemembered();
  const cache = new ParseCache();
  const t0 = now();
  const { snapshot } = readWorkspace(root, { cache });
  const t1 = now();
  const result = checkWorkspace(snapshot, { cache });
  const t2 = now();
  return { read: t1 - t0, check: t2 - t1, total: t2 - t0, result, files: [...snapshot.files.keys()] };
}

export function measureCold(ws: GeneratedWorkspace, runs: number): ColdFigures {
  const warm = coldRun(ws.root);
  if (warm.files.length !== ws.fileCount) throw new Error(`the engine read ${warm.files.length} files of ${ws.root}, the generator wrote ${ws.fileCount}`);
  if (warm.result.policy.file !== '.github/readiness-policy.json') throw new Error(`the generated policy of ${ws.root} was not used (invalid?)`);
  floorRun(ws.root, warm.files);
  const floor: number[] = [], floorRead: number[] = [], read: number[] = [], check: number[] = [], total: number[] = [], ratio: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Side by side, alternating which goes first, so drift on a shared machine hits both. No forced GC
    // before a run: on node 20 a forced full collection makes the next run of the engine ~40% slower
    // (measured: 571–805 ms without, 788–1180 ms with, at 500 files), which is not what a user sees.
    let f = { read: 0, total: 0 };
    let c = { read: 0, check: 0, total: 0 };
    for (const which of i % 2 === 0 ? ['floor', 'cold'] : ['cold', 'floor']) {
      if (which === 'floor') f = floorRun(ws.root, warm.files);
      else c = coldRun(ws.root);
    }
    floor.push(f.total);
    floorRead.push(f.read);
    read.push(c.read);
    check.push(c.check);
    total.push(c.total);
    ratio.push(c.total / f.total);
    log(`  ${ws.scale} files, run ${i + 1}/${runs}: floor ${fmt(f.total, 0)} ms, cold ${fmt(c.total, 0)} ms (read ${fmt(c.read, 0)} + check ${fmt(c.check, 0)})`);
  }
  return {
    floor: summarize(floor),
    floorRead: summarize(floorRead),
    read: summarize(read),
    check: summarize(check),
    total: summarize(total),
    ratio: summarize(ratio),
    findings: warm.result.findings.length,
    controls: warm.result.controls.length,
    verdict: warm.result.verdict,
  };
}


/** Scenarios 3 and 4: incremental re-validation over LSP, and the server's memory. */
import * as path from 'node:path';
import type { EditTarget, GeneratedWorkspace } from './lib/generate';
import { LspClient } from './lib/lspClient';
import { log, now } from './lib/run';
import { fmt, percentiles } from './lib/stats';

export interface TargetFigures {
  target: string;
  what: string;
  pull: number[];
  unchanged: number;
  debounced: number[];
  debouncedMissed: number;
}

export interface LspFigures {
  /** Open → the first verdict the client has (the controls' verdict, announced before the rules run). */
  openMs: number;
  /** Open → the verdict request answered, every problem known. */
  checkedMs: number;
  /** An unchanged pull (no edit, nothing to validate): the round trip alone. */
  roundTrip: number[];
  open: { rssMb: number; peakMb: number };
  afterEdits: { rssMb: number; peakMb: number };
  targets: TargetFigures[];
}

/** A server that has opened the workspace, answered the verdict, and pulled the diagnostics of the opened target. */
export async function editing(serverJs: string, ws: GeneratedWorkspace, target: EditTarget): Promise<{ client: LspClient; uri: string }> {
  const client = new LspClient(serverJs);
  await client.initialize(ws.root);
  await client.verdict();
  const uri = await client.open(path.join(ws.root, target.file));
  await client.pull(uri);
  return { client, uri };
}

export const letters = 'abcdefghijklmnopqrstuvwxyz';

/**
 * dist/server.js over stdio with pull diagnostics, as VS Code drives it (the client pulls the changed
 * document right after each didChange: diagnosticPullOptions.onChange). Per edit:
 * - pull: didChange sent → textDocument/diagnostic for that document answered with the new result. The
 *   request makes the server validate at once (FolderState.validation() skips the 150 ms debounce), so this
 *   is the validation time plus the round trip: what a VS Code user waits for.
 * - debounced (500 files only): didChange sent → the server's own workspace/diagnostic/refresh request,
 *   i.e. the 150 ms debounce plus validation, for clients that only re-pull on refresh.
 */
export async function measureLsp(serverJs: string, ws: GeneratedWorkspace, edits: number, debounced: number): Promise<LspFigures> {
  const client = new LspClient(serverJs);
  try {
    const t0 = now();
    await client.initialize(ws.root);
    const first = await client.firstVerdict();
    const openMs = first.verdictAt - t0;
    const checkedMs = first.checkedAt - t0;
    // After the whole first check, its problems included.
    const open = client.memory();
    log(`  ${ws.scale} files: server opened the workspace; verdict after ${fmt(openMs, 0)} ms, every problem after ${fmt(checkedMs, 0)} ms, RSS ${fmt(open.rssMb, 0)} MB`);
    const targets: TargetFigures[] = [];
    const roundTrip: number[] = [];
    for (const [name, target] of Object.entries(ws.edits) as [string, EditTarget][]) {
      const uri = await client.open(path.join(ws.root, target.file));
      await client.pull(uri);
      if (roundTrip.length === 0) {
        for (let i = 0; i < 50; i++) {
          const start = now();
          await client.pull(uri);
          roundTrip.push(now() - start);
        }
      }
      const figures: TargetFigures = { target: name, what: target.what, pull: [], unchanged: 0, debounced: [], debouncedMissed: 0 };
      const edit = (i: number, count: number) => {
        const typing = i < count / 2;
        return client.prepareChange(uri, target.offset + (typing ? i : count - i - 1), typing ? letters[i % letters.length] : undefined);
      };
      for (let i = 0; i < edits; i++) {
        const change = edit(i, edits);
        const start = now();
        await client.sendChange(change);
        const { changed } = await client.pull(uri);
        figures.pull.push(now() - start);
        if (!changed) figures.unchanged++;
      }
      for (let i = 0; i < debounced; i++) {
        const change = edit(i, debounced);
        const refreshed = client.nextRefresh(5000);
        const start = now();
        await client.sendChange(change);
        if (await refreshed) figures.debounced.push(now() - start);
        else figures.debouncedMissed++;
        await client.pull(uri);
      }
      const p = percentiles(figures.pull);
      log(`  ${ws.scale} files, ${name}: ${edits} edits, p50 ${fmt(p.p50)} ms, p95 ${fmt(p.p95)} ms${figures.debounced.length ? `; debounced p50 ${fmt(percentiles(figures.debounced).p50)} ms` : ''}`);
      targets.push(figures);
    }
    return { openMs, checkedMs, roundTrip, open, afterEdits: client.memory(), targets };
  } finally {
    await client.dispose();
  }
}


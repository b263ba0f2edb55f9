/**
 * A long editing session over LSP: single-character edits, each pulled, typed and deleted again in
 * rounds so the document keeps its size, with the server's RSS sampled as it goes. What is asked is that
 * memory plateaus: the slope of RSS over the second half of the session, in MB per 1,000 edits.
 */
import type { GeneratedWorkspace } from './lib/generate';
import { editing, letters } from './lspIncremental';
import { log } from './lib/run';
import { fmt } from './lib/stats';

export interface SoakFigures {
  edits: number;
  /** [edits so far, RSS MB] */
  samples: [number, number][];
  slopePer1000: number;
}

/** Characters typed, then deleted, per round. */
const round = 50;

export async function measureSoak(serverJs: string, ws: GeneratedWorkspace, edits: number, sampleEvery: number): Promise<SoakFigures> {
  const target = ws.edits.report;
  const { client, uri } = await editing(serverJs, ws, target);
  try {
    const samples: [number, number][] = [[0, client.memory().rssMb]];
    for (let i = 0; i < edits; i++) {
      const inRound = i % (2 * round);
      const typing = inRound < round;
      await client.sendChange(client.prepareChange(uri, target.offset + (typing ? inRound : 2 * round - inRound - 1), typing ? letters[i % letters.length] : undefined));
      await client.pull(uri);
      if ((i + 1) % sampleEvery === 0) samples.push([i + 1, client.memory().rssMb]);
    }
    const slopePer1000 = slope(samples.filter(([n]) => n >= edits / 2)) * 1000;
    log(`  ${ws.scale} files, soak of ${edits} edits: RSS ${fmt(samples[0][1], 0)} → ${fmt(samples[samples.length - 1][1], 0)} MB, slope over the second half ${fmt(slopePer1000, 2)} MB per 1,000 edits`);
    return { edits, samples, slopePer1000 };
  } finally {
    await client.dispose();
  }
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

/**
 * Typing ahead of the server: edits sent without waiting, each followed by a pull of the edited document,
 * every second pull cancelled at once ($/cancelRequest), as VS Code does when a newer edit supersedes the
 * pull it sent. Measured per answered pull, from the moment its bytes left the client to its answer
 * (`answered`), and from the moment it was asked for (`answeredFromAsked`), which adds the time the
 * request waited in the client's own write queue behind the messages asked for before it.
 */
import type { GeneratedWorkspace } from './lib/generate';
import { editing, letters } from './lspIncremental';
import { log, now } from './lib/run';
import { fmt, percentiles } from './lib/stats';

export interface BurstFigures {
  edits: number;
  answered: number[];
  answeredFromAsked: number[];
  cancelled: number;
}

export async function measureBurst(serverJs: string, ws: GeneratedWorkspace, edits: number): Promise<BurstFigures> {
  const target = ws.edits.report;
  const { client, uri } = await editing(serverJs, ws, target);
  try {
    const pending: Promise<void>[] = [];
    const answered: number[] = [];
    const answeredFromAsked: number[] = [];
    let cancelled = 0;
    for (let i = 0; i < edits; i++) {
      const typing = i < edits / 2;
      void client.sendChange(client.prepareChange(uri, target.offset + (typing ? i : edits - i - 1), typing ? letters[i % letters.length] : undefined));
      const asked = now();
      const pull = client.pullLater(uri);
      if (i % 2 === 1) {
        pull.cancel();
        pending.push(pull.answer.then(() => undefined, () => void cancelled++));
      } else {
        pending.push(
          pull.answer.then(() => {
            const at = now();
            answered.push(at - pull.sentAt());
            answeredFromAsked.push(at - asked);
          }),
        );
      }
    }
    await Promise.all(pending);
    const p = percentiles(answered);
    const fromAsked = percentiles(answeredFromAsked);
    log(`  ${ws.scale} files, burst of ${edits} edits: ${answered.length} pulls answered, p50 ${fmt(p.p50)} ms, p95 ${fmt(p.p95)} ms from sent (${fmt(fromAsked.p50)} / ${fmt(fromAsked.p95)} from asked); ${cancelled} cancelled`);
    return { edits, answered, answeredFromAsked, cancelled };
  } finally {
    await client.dispose();
  }
}

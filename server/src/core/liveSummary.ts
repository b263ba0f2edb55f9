import type { LiveEvidence, LiveFile } from './live';
import { assessLiveRequiredChecks } from './requiredChecks/liveChecks';
import type { ControlResult, LiveSummary } from './types';
import type { WorkspaceModel } from './workspace';

/** What the panel and the outputs say about the live reads: the rules with each check's state, and every source. */
export function liveSummary(model: WorkspaceModel, live: LiveEvidence, used: ReadonlyMap<string, LiveFile>): LiveSummary {
  const checks = assessLiveRequiredChecks(model);
  return {
    repo: live.repo,
    ...(live.branch ? { branch: live.branch } : {}),
    ...(live.sha ? { sha: live.sha } : {}),
    checkedAt: live.checkedAt,
    ...(live.account ? { account: live.account } : {}),
    ...(live.rules && checks
      ? { rules: { requiredChecks: checks.map(({ context, integrationId, source, state, reason }) => ({ context, ...(integrationId !== undefined ? { integrationId } : {}), source, state, reason })), mergeQueue: live.rules.mergeQueue, rulesets: live.rules.rulesets } }
      : {}),
    ...(live.classicProtection ? { classicProtection: live.classicProtection } : {}),
    reads: live.reads,
    errors: live.errors,
    files: [...used.values()].map((f) => ({ path: f.path, source: f.source, ...(f.location ? { location: f.location } : {}) })),
  };
}

/** Each control with the source of its evidence: the live source of a live file, else `local`. */
export function withSources(controls: ControlResult[], used: ReadonlyMap<string, LiveFile>): ControlResult[] {
  return controls.map((control) => (control.file ? { ...control, source: used.get(control.file)?.source ?? 'local' } : control));
}

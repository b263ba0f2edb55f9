import { verifiedCheckFixes } from '../fixes/verify';
import type { CheckFixData } from '../requiredChecks/fixData';
import { assessLiveRequiredChecks } from '../requiredChecks/liveChecks';
import { droppedChecks } from '../requiredChecks/pullRequestChanges';
import { liveRule } from './liveRule';

export const rule = liveRule<CheckFixData>({
  id: 'ruleset-check-unreported',
  description: "A check the branch's rules on GitHub require must be reported on pull requests by a workflow job (name: else the id, matrix and reusable-workflow names, triggers and path filters), or every pull request waits for it.",
  defaultSeverity: 'error',
  fixes: verifiedCheckFixes,
  reports(context) {
    // On a pull request, a check the base reported is pull-request-check-dropped's, which names the change.
    const dropped = new Set(droppedChecks(context.model, context.policy).filter((d) => d.site).map((d) => d.check));
    return (assessLiveRequiredChecks(context.model) ?? [])
      .filter((a) => a.state !== 'reported' && a.site && !dropped.has(a.context))
      .map((a) => ({
        file: a.site!.file,
        range: a.site!.range,
        severity: a.state === 'uncertain' ? 'warning' : undefined,
        message: `Required check "${a.context}" (${a.source} on GitHub) ${a.state === 'uncertain' ? 'may never be reported' : a.filteredOnly ? 'is not reported on every pull request' : 'will never be reported on a pull request'}: ${a.reason}.`,
        data: { fixes: a.site!.fixes } satisfies CheckFixData,
      }));
  },
});

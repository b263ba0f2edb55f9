import { verifiedCheckFixes } from '../fixes/verify';
import type { CheckFixData } from '../requiredChecks/fixData';
import { droppedChecks } from '../requiredChecks/pullRequestChanges';
import { workspaceRule } from './liveRule';

export const rule = workspaceRule<CheckFixData>(
  {
    id: 'pull-request-check-dropped',
    description: "On a pull request, a required check the base branch's workflows report must still be reported by the pull request's workflows; the change that drops it (a job renamed, a matrix axis added, a workflow moved or deleted, a filter added to the trigger, the trigger removed) is shown where it was made.",
    defaultSeverity: 'error',
    fixes: verifiedCheckFixes,
    reports(context) {
      const branch = context.model.snapshot.pullRequestBase!.ref;
      return droppedChecks(context.model, context.policy)
        .filter((d) => d.site)
        .map((d) => ({
          file: d.site!.file,
          range: d.site!.range,
          check: d.check,
          severity: d.uncertain ? 'warning' : undefined,
          message: `Required check "${d.check}" (${d.source}), reported on ${branch} by ${d.baseReporter.workflow.fileName} job ${d.baseReporter.job.id}, ${d.uncertain ? 'may no longer be' : 'will no longer be'} reported on this pull request: ${d.change}.`,
          data: { fixes: d.fixes } satisfies CheckFixData,
        }));
    },
  },
  (context) => context.model.snapshot.pullRequestBase !== undefined,
);

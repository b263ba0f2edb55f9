import { githubActionsAppId } from '../live';
import { assessLiveRequiredChecks } from '../requiredChecks/liveChecks';
import { liveRule } from './liveRule';

export const rule = liveRule({
  id: 'ruleset-check-source',
  description: 'A required check pinned to an app other than GitHub Actions is not satisfied by the workflow job that reports the same name.',
  defaultSeverity: 'warning',
  reports(context) {
    return (assessLiveRequiredChecks(context.model) ?? []).flatMap((a) => {
      if (a.integrationId === undefined || a.integrationId === githubActionsAppId || a.reporters.length === 0) return [];
      const { workflow, job } = a.reporters[0];
      return [{ file: workflow.file, range: (job.nameRange ?? job.idRange)!, message: `Required check "${a.context}" (${a.source} on GitHub) must come from the app with id ${a.integrationId}, not GitHub Actions (${githubActionsAppId}): ${workflow.fileName} job ${job.id} reports that name, but its check does not count. Pin the rule to GitHub Actions, or leave the app unset.` }];
    });
  },
});

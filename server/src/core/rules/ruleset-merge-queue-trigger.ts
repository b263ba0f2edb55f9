import { assessLiveRequiredChecks } from '../requiredChecks/liveChecks';
import { liveRule } from './liveRule';

export const rule = liveRule({
  id: 'ruleset-merge-queue-trigger',
  description: 'When the branch has a merge queue, the workflow of every required check must run on merge_group, or queued pull requests wait until the queue times out.',
  defaultSeverity: 'error',
  reports(context) {
    if (!context.model.snapshot.live?.rules?.mergeQueue) return [];
    return (assessLiveRequiredChecks(context.model) ?? []).flatMap((a) => {
      if (a.reporters.length === 0 || a.reporters.some((r) => !r.workflow.triggers || r.workflow.triggers.some((t) => t.event === 'merge_group'))) return [];
      const { workflow, job } = a.reporters[0];
      return [{ file: workflow.file, range: (job.nameRange ?? job.idRange)!, message: `The branch has a merge queue, but ${workflow.fileName} does not run on merge_group: required check "${a.context}" is never reported for a queued pull request, which waits until the queue times out. Add merge_group to on:.` }];
    });
  },
});

import { requiredChecksOfWorkflow, workflowFilesOfRequiredChecks } from '../requiredChecks/model';
import { runsAfterFailedDependency } from '../workflow/expressions';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'required-job-needs-always',
  description: 'A required job that needs other jobs must run with if: always() (or another status function): when a needed job fails it is skipped, and GitHub counts a skipped required check as passing.',
  defaultSeverity: 'warning',
  workflowCheck: true,
  files: (context) => workflowFilesOfRequiredChecks(context.model, context.policy),
  check(context, file, report) {
    const { file: checksFile, mapped } = requiredChecksOfWorkflow(context.model, context.policy, file)!;
    const reportedJobs = new Set<string>();
    for (const { entry, job } of mapped) {
      if (!job || reportedJobs.has(job.id)) continue;
      if (job.needs.length === 0 || runsAfterFailedDependency(job.if)) continue;
      reportedJobs.add(job.id);
      report({
        range: job.idRange!,
        message: `Required job "${job.id}" needs ${job.needs.join(', ')} but does not run when ${job.needs.length === 1 ? 'it fails' : 'one of them fails'}: the job is then skipped, and GitHub counts the skipped required check "${entry.name}" as passing, so the merge is allowed. Run it with if: always() and fail it when a needed job did not succeed (needs.<job>.result).`,
        related: [{ file: checksFile, range: entry.keyRange, message: `required check "${entry.name}"` }],
      });
    }
  },
};

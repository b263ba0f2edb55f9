import { verifiedCheckFixes } from '../fixes/verify';
import type { CheckFix, CheckFixData } from '../requiredChecks/fixData';
import { requiredChecksOfWorkflow, workflowFilesOfRequiredChecks } from '../requiredChecks/model';
import { nearMisses } from '../requiredChecks/nearMiss';
import type { Rule } from './rule';

export const rule: Rule<CheckFixData> = {
  id: 'workflow-required-job',
  description: 'A job that a required check maps to must exist in its workflow and report the required name; renaming or deleting it blocks every pull request.',
  defaultSeverity: 'error',
  fixes: verifiedCheckFixes,
  workflowCheck: true,
  files: (context) => workflowFilesOfRequiredChecks(context.model, context.policy),
  check(context, file, report) {
    const { file: checksFile, mapped } = requiredChecksOfWorkflow(context.model, context.policy, file)!;
    for (const resolved of mapped) {
      const { entry, workflow } = resolved;
      const mappingLocation = [{ file: checksFile, range: entry.keyRange, message: `required check "${entry.name}"` }];
      if (!resolved.job) {
        if (!workflow.jobsKeyRange) continue;
        const targets = nearMisses(entry.jobId ?? '', workflow.jobs.map((j) => j.id));
        report({
          range: workflow.jobsKeyRange,
          message: `Required check "${entry.name}" maps to job "${entry.jobId}", which is not in this workflow${targets.length > 0 ? ` (renamed to "${targets[0]}"?)` : ''}; every pull request will wait for it.`,
          check: entry.name, data: { fixes: targets.map((to): CheckFix => ({ fix: 'pointJobId', check: entry.name, to })) } satisfies CheckFixData,
          related: mappingLocation,
        });
        continue;
      }
      const { job, reported } = resolved;
      if (!reported || reported.names.includes(entry.name) || reported.unresolved) continue;
      const fixes: CheckFix[] = [];
      if (job.matrix === undefined && job.uses === undefined) fixes.push({ fix: 'setJobName', check: entry.name, workflowFile: workflow.file, jobId: job.id });
      fixes.push(...reported.names.slice(0, 1).map((to): CheckFix => ({ fix: 'renameCheck', check: entry.name, to })));
      report({
        range: (job.nameRange ?? job.idRange)!,
        message: `This job reports ${reported.names.map((n) => `"${n}"`).join(', ')}, but required check "${entry.name}" maps to it; pull requests will wait for "${entry.name}".`,
        check: entry.name, data: { fixes } satisfies CheckFixData,
        related: mappingLocation,
      });
    }
  },
};

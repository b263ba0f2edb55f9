import { verifiedCheckFixes } from '../fixes/verify';
import { CheckFix, CheckFixData } from '../requiredChecks/fixData';
import { nearMisses } from '../requiredChecks/nearMiss';
import { requiredChecksRule } from './requiredChecksRule';

/** How many reported names are offered as rename targets when none is a near miss. */
const maxRenameTargets = 3;

export const rule = requiredChecksRule<CheckFixData>({
  id: 'required-check-name',
  description: 'A required check name must equal a check name its mapped job will report (name: else the job id; matrix and reusable-workflow names computed as GitHub does).',
  defaultSeverity: 'error',
  fixes: verifiedCheckFixes,
  check(checks, report) {
    const { doc } = checks;
    for (const check of checks.checks) {
      const entry = checks.mappingByName.get(check.name);
      const resolved = entry && checks.resolved.get(entry);
      if (!resolved?.job || !resolved.workflow || !resolved.reported) continue;
      const { job, workflow, reported } = resolved;
      if (reported.names.includes(check.name)) continue;
      const related = [{ file: workflow.file, range: (job.nameRange ?? job.idRange)!, message: `job ${job.id} in ${workflow.fileName}` }];
      if (reported.unresolved) {
        report({
          range: doc.rangeOf(check.node),
          message: `The check name of ${workflow.fileName} job "${job.id}" cannot be computed statically: ${reported.unresolved}. Make sure it reports "${check.name}".`,
          severity: 'warning',
          check: check.name, data: { fixes: [] } satisfies CheckFixData,
          related,
        });
        continue;
      }
      const close = nearMisses(check.name, reported.names);
      const targets = close.length > 0 ? close : reported.names.slice(0, maxRenameTargets);
      const fixes: CheckFix[] = targets.map((to) => ({ fix: 'renameCheck', check: check.name, to }));
      if (job.matrix === undefined && job.uses === undefined) fixes.push({ fix: 'setJobName', check: check.name, workflowFile: workflow.file, jobId: job.id });
      const names = reported.names.map((n) => `"${n}"`).join(', ');
      report({
        range: doc.rangeOf(check.node),
        message: `Required check "${check.name}" will never be reported: ${workflow.fileName} job "${job.id}" reports ${names || 'no check'}, so every pull request waits for "${check.name}".${close.length > 0 ? ` Did you mean "${close[0]}"?` : ''}`,
        check: check.name, data: { fixes } satisfies CheckFixData,
        related,
      });
    }
  },
});

import { verifiedCheckFixes } from '../fixes/verify';
import { CheckFix, CheckFixData } from '../requiredChecks/fixData';
import { nearMisses } from '../requiredChecks/nearMiss';
import { requiredChecksRule } from './requiredChecksRule';

export const rule = requiredChecksRule<CheckFixData>({
  id: 'required-check-workflow',
  description: 'A check_job_mapping entry names a workflow file that exists under .github/workflows/ and a job id defined in it (parsed YAML, not a substring).',
  defaultSeverity: 'error',
  fixes: verifiedCheckFixes,
  check(checks, report) {
    const { doc } = checks;
    for (const [entry, resolved] of checks.resolved) {
      if (entry.workflow === undefined || entry.jobId === undefined) continue; // a schema finding
      if (checks.unparsedWorkflows.has(entry.workflow)) continue; // yaml-syntax says why its jobs are unknown
      if (!resolved.workflow) {
        const having = checks.workflows.filter((w) => w.jobs.some((j) => j.id === entry.jobId)).map((w) => w.fileName);
        const targets = having.length > 0 ? having : nearMisses(entry.workflow, checks.workflows.map((w) => w.fileName));
        const hint = having.length > 0 ? ` Job "${entry.jobId}" is in ${having.join(', ')}.` : targets.length > 0 ? ` Did you mean ${targets[0]}?` : '';
        report({
          range: doc.rangeOf(entry.workflowNode!),
          message: `Workflow .github/workflows/${entry.workflow} does not exist.${hint}`,
          check: entry.name, data: { fixes: targets.map((to): CheckFix => ({ fix: 'pointWorkflow', check: entry.name, to })) } satisfies CheckFixData,
        });
        continue;
      }
      if (resolved.job) continue;
      const workflow = resolved.workflow;
      const reporting = workflow.jobs.filter((j) => (j.name ?? j.id) === entry.name).map((j) => j.id);
      const targets = [...new Set([...reporting, ...nearMisses(entry.jobId, workflow.jobs.map((j) => j.id))])];
      const elsewhere = checks.workflows.filter((w) => w !== workflow && w.jobs.some((j) => j.id === entry.jobId)).map((w) => w.fileName);
      const hint = targets.length > 0 ? ` Did you mean "${targets[0]}"?` : elsewhere.length > 0 ? ` It is in ${elsewhere.join(', ')}.` : '';
      const fixes: CheckFix[] = [
        ...targets.map((to): CheckFix => ({ fix: 'pointJobId', check: entry.name, to })),
        ...elsewhere.map((to): CheckFix => ({ fix: 'pointWorkflow', check: entry.name, to })),
      ];
      report({
        range: doc.rangeOf(entry.jobIdNode!),
        message: `Job "${entry.jobId}" is not defined in ${workflow.fileName}.${hint}`,
        check: entry.name, data: { fixes } satisfies CheckFixData,
        related: workflow.jobsKeyRange ? [{ file: workflow.file, range: workflow.jobsKeyRange, message: `the jobs of ${workflow.fileName}` }] : undefined,
      });
    }
  },
});

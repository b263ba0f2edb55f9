import { baseName } from '../workspace';
import { modelWorkflowFinder, workflowOf } from '../workflow/workflowModel';
import { reportedCheckNames } from '../workflow/checkNames';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'workflow-playbook-job',
  description: 'Each CI job the policy requires (§2.1) must be defined in the workflow the policy names, reporting the required check name.',
  defaultSeverity: 'error',
  playbook: true,
  workflowCheck: true,
  files: (context) => {
    const named = new Set(context.policy.controls.flatMap((c) => (c.evidence.kind === 'ciJob' && c.evidence.workflow ? [c.evidence.workflow] : [])));
    return context.workflowFiles.filter((file) => named.has(baseName(file)));
  },
  check(context, file, report) {
    const workflow = workflowOf(context.model, file);
    if (!workflow) return;
    const findWorkflow = modelWorkflowFinder(context.model);
    const reported = new Set(workflow.jobs.flatMap((job) => reportedCheckNames(job, findWorkflow).names));
    const wanted = new Map<string, string>();
    for (const control of context.policy.controls) {
      if (control.evidence.kind === 'ciJob' && control.evidence.workflow === workflow.fileName) wanted.set(control.evidence.check, control.id);
    }
    for (const [check, controlId] of wanted) {
      if (reported.has(check)) continue;
      report({
        range: workflow.jobsKeyRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `The playbook requires job "${check}" in ${workflow.fileName} (control ${controlId}), but no job here reports that check name.`,
      });
    }
  },
};

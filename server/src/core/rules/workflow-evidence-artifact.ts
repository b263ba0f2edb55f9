import { baseName } from '../workspace';
import { uploadsIn, workflowOf } from '../workflow/workflowModel';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'workflow-evidence-artifact',
  description: 'The release evidence artifacts the playbook names (§4) must be uploaded, under those exact names, by the workflow the policy names.',
  defaultSeverity: 'warning',
  playbook: true,
  workflowCheck: true,
  files: (context) => {
    const named = new Set(context.policy.controls.flatMap((c) => (c.evidence.kind === 'workflowArtifact' && c.evidence.workflow ? [c.evidence.workflow] : [])));
    return context.workflowFiles.filter((file) => named.has(baseName(file)));
  },
  check(context, file, report) {
    const workflow = workflowOf(context.model, file);
    if (!workflow) return;
    for (const control of context.policy.controls) {
      const evidence = control.evidence;
      if (evidence.kind !== 'workflowArtifact' || evidence.workflow !== workflow.fileName) continue;
      if (uploadsIn(workflow, evidence.name).length > 0) continue;
      report({
        range: workflow.jobsKeyRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `No job in ${workflow.fileName} uploads the artifact "${evidence.name}" that the release evidence bundle needs (control ${control.id}).`,
      });
    }
  },
};

import { matrixShapeProblems } from '../workflow/matrix';
import { matrixNodes } from '../workflow/matrixNodes';
import { workflowOf } from '../workflow/workflowModel';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'workflow-matrix-shape',
  description: 'A matrix should be what its author meant: no combination twice (GitHub runs and reports it twice under one name), no exclude entry that matches nothing.',
  defaultSeverity: 'warning',
  workflowCheck: true,
  // Every workflow file (the list changes only with the names): a workflow without a matrix reports nothing.
  files: (context) => context.workflowFiles,
  check(context, file, report) {
    const workflow = workflowOf(context.model, file);
    if (!workflow) return;
    for (const job of workflow.jobs) {
      if (job.matrix === undefined) continue;
      const nodes = matrixNodes(job);
      if (!nodes) continue;
      const { duplicates, idleExcludes } = matrixShapeProblems(job.matrix);
      for (const { combination, times } of duplicates) {
        report({
          range: (workflow.doc.rangeOf(nodes.key) ?? job.idRange)!,
          message: `The matrix of job "${job.id}" has the combination ${JSON.stringify(combination)} ${times} times: GitHub runs it ${times} times, reporting the same check name.`,
        });
      }
      for (const { index, reason } of idleExcludes) {
        const entry = nodes.exclude?.[index];
        report({
          range: ((entry && workflow.doc.rangeOf(entry)) ?? workflow.doc.rangeOf(nodes.key) ?? job.idRange)!,
          message: `exclude entry ${index + 1} of job "${job.id}" matches no combination (${reason}), so it removes nothing; the matrix is not what it says.`,
        });
      }
    }
  },
};

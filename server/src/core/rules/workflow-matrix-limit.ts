import { expandMatrix, maxCombinations } from '../workflow/matrix';
import { matrixNodes } from '../workflow/matrixNodes';
import { workflowOf } from '../workflow/workflowModel';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'workflow-matrix-limit',
  description: `A job's matrix must have at most ${maxCombinations} combinations (after exclude and include): GitHub refuses a larger one, and the job never runs.`,
  defaultSeverity: 'error',
  workflowCheck: true,
  // Every workflow file (the list changes only with the names): a workflow without a matrix reports nothing.
  files: (context) => context.workflowFiles,
  check(context, file, report) {
    const workflow = workflowOf(context.model, file);
    if (!workflow) return;
    for (const job of workflow.jobs) {
      if (job.matrix === undefined) continue;
      const expansion = expandMatrix(job.matrix);
      if (expansion.kind !== 'over-limit') continue;
      const nodes = matrixNodes(job);
      const count = expansion.exact ? `${expansion.count.toLocaleString('en-US')} combinations` : `more than ${maxCombinations} combinations`;
      report({
        range: (nodes ? workflow.doc.rangeOf(nodes.key) : job.idRange)!,
        message: `The matrix of job "${job.id}" has ${count}; GitHub runs at most ${maxCombinations} jobs of one matrix and will not run it, so none of its checks is ever reported. Split it into several jobs, or exclude combinations.`,
      });
    }
  },
};

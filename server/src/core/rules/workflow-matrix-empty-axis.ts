import { isMap, isScalar, isSeq } from 'yaml';
import { matrixNodes } from '../workflow/matrixNodes';
import { workflowOf } from '../workflow/workflowModel';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'workflow-matrix-empty-axis',
  description: 'Every axis of a matrix must list at least one value: GitHub fails a job with an empty axis before it runs, so none of its checks is reported.',
  defaultSeverity: 'error',
  fileLocal: 'yaml',
  workflowCheck: true,
  files: (context) => context.workflowFiles,
  check(context, file, report) {
    const workflow = workflowOf(context.model, file);
    for (const job of workflow?.jobs ?? []) {
      const matrix = matrixNodes(job)?.value;
      if (!isMap(matrix)) continue;
      for (const { key, value } of matrix.items) {
        const axis = isScalar(key) ? String(key.value) : undefined;
        if (axis === undefined || axis === 'include' || axis === 'exclude' || !isSeq(value) || value.items.length > 0) continue;
        report({
          range: workflow!.doc.rangeOf(key)!,
          message: `Axis "${axis}" of the matrix of job "${job.id}" has no values: GitHub fails the job before it runs ("Matrix vector '${axis}' does not contain any values"), so none of its checks is reported.`,
        });
      }
    }
  },
};

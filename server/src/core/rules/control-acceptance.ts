import type { ControlEvaluation, UnmetCriterion } from '../controls/evaluate';
import type { Rule } from './rule';

const indexes = new WeakMap<ControlEvaluation, { required: Map<string, boolean>; byFile: Map<string, UnmetCriterion[]> }>();

/** Whether each control is required, and the unmet criteria by file: once per evaluation, not once per file. */
function indexOf(evaluation: ControlEvaluation): { required: Map<string, boolean>; byFile: Map<string, UnmetCriterion[]> } {
  let index = indexes.get(evaluation);
  if (!index) {
    const byFile = new Map<string, UnmetCriterion[]>();
    for (const unmet of evaluation.unmet) {
      const list = byFile.get(unmet.file);
      if (list) list.push(unmet);
      else byFile.set(unmet.file, [unmet]);
    }
    index = { required: new Map(evaluation.results.map((r) => [r.id, r.required])), byFile };
    indexes.set(evaluation, index);
  }
  return index;
}

export const rule: Rule = {
  id: 'control-acceptance',
  description: 'The evidence of a playbook control must meet the policy\'s acceptance criteria (e.g. §2.3: summary.execution_complete = true).',
  defaultSeverity: 'error',
  playbook: true,
  files: (context) => [...new Set(context.evaluation.unmet.map((u) => u.file))],
  check(context, file, report) {
    const { required, byFile } = indexOf(context.evaluation);
    for (const unmet of byFile.get(file) ?? []) {
      report({
        range: unmet.range,
        message: `${unmet.message} (control ${unmet.controlId}).`,
        subject: `${unmet.controlId}: ${unmet.subject}`,
        // §4 and §5 items are reported, not gating.
        severity: required.get(unmet.controlId) ? undefined : 'warning',
      });
    }
  },
};

import type { ControlEvaluation, UnmetCriterion } from '../controls/evaluate';
import { isRequired, Policy } from '../policy/policy';
import type { Report, Rule } from './rule';

const unmetByFile = new WeakMap<ControlEvaluation, Map<string, UnmetCriterion[]>>();

/** The unmet criteria by file: once per evaluation, not once per file. */
function byFileOf(evaluation: ControlEvaluation): Map<string, UnmetCriterion[]> {
  let byFile = unmetByFile.get(evaluation);
  if (!byFile) {
    byFile = new Map();
    for (const unmet of evaluation.unmet) {
      const list = byFile.get(unmet.file);
      if (list) list.push(unmet);
      else byFile.set(unmet.file, [unmet]);
    }
    unmetByFile.set(evaluation, byFile);
  }
  return byFile;
}

const requiredByPolicy = new WeakMap<Policy, Map<string, boolean>>();

/** Whether each control is required: once per policy (thousands of controls), not at every check. */
function requiredOf(policy: Policy): Map<string, boolean> {
  let required = requiredByPolicy.get(policy);
  if (!required) requiredByPolicy.set(policy, (required = new Map(policy.controls.map((control) => [control.id, isRequired(policy, control)]))));
  return required;
}

export const rule: Rule = {
  id: 'control-acceptance',
  description: 'The evidence of a playbook control must meet the policy\'s acceptance criteria (e.g. §2.3: summary.execution_complete = true).',
  defaultSeverity: 'error',
  playbook: true,
  files: (context) => [...byFileOf(context.evaluation).keys()],
  check(context, file, report) {
    const required = requiredOf(context.policy);
    for (const unmet of byFileOf(context.evaluation).get(file) ?? []) report(reportOf(unmet, required));
  },
};

/**
 * The report of one unmet criterion, once per criterion: the evaluation is read at every check, and its
 * criteria are the same objects while their controls keep their results.
 */
const reports = new WeakMap<UnmetCriterion, Report>();

function reportOf(unmet: UnmetCriterion, required: Map<string, boolean>): Report {
  let found = reports.get(unmet);
  if (!found) {
    found = {
      range: unmet.range,
      message: `${unmet.message} (control ${unmet.controlId}).`,
      subject: `${unmet.controlId}: ${unmet.subject}`,
      // §4 and §5 items are reported, not gating.
      severity: required.get(unmet.controlId) ? undefined : 'warning',
    };
    reports.set(unmet, found);
  }
  return found;
}

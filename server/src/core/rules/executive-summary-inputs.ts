import { Policy, relocatePath } from '../policy/policy';
import type { Rule } from './rule';

const inputsByPolicy = new WeakMap<Policy, Map<string, Set<string>>>();

/** Summary path → the inputs the policy names for it, once per policy (not once per summary). */
function inputsOf(policy: Policy): Map<string, Set<string>> {
  let byPath = inputsByPolicy.get(policy);
  if (!byPath) {
    byPath = new Map();
    for (const c of policy.controls) {
      if (c.evidence.kind !== 'executiveSummary') continue;
      const set = byPath.get(c.evidence.path) ?? new Set<string>();
      c.evidence.inputs.forEach((input) => set.add(input));
      byPath.set(c.evidence.path, set);
    }
    inputsByPolicy.set(policy, byPath);
  }
  return byPath;
}

export const rule: Rule = {
  id: 'executive-summary-inputs',
  description: 'An executive summary must list exactly the inputs the policy names for it, each once.',
  defaultSeverity: 'error',
  playbook: true,
  files: (context) =>
    context.policy.controls.flatMap((c) => (c.evidence.kind === 'executiveSummary' && context.model.exists(c.evidence.path) ? [c.evidence.path] : [])),
  check(context, file, report) {
    const doc = context.model.json(file)!;
    const entries = doc.valueAt(['reports']);
    if (!Array.isArray(entries)) return;
    const inputs = inputsOf(context.policy).get(file) ?? new Set<string>();
    const listed = new Map<string, number>();
    entries.forEach((entry: { path?: unknown }, index) => {
      if (typeof entry?.path !== 'string') return;
      const path = relocatePath(context.policy, entry.path);
      if (listed.has(path)) report({ range: doc.rangeNear(['reports', index, 'path']), message: `${path} is listed twice.` });
      else listed.set(path, index);
      if (!inputs.has(path)) report({ range: doc.rangeNear(['reports', index, 'path']), message: `${path} is not an input of this summary under the policy.`, severity: 'warning' });
    });
    const absent = [...inputs].filter((input) => !listed.has(input));
    if (absent.length > 0) {
      report({ range: doc.rangeNear(['reports']), message: `The summary does not list ${absent.join(', ')}; it was generated with other inputs than the policy requires.` });
    }
  },
};

import { relocatePath } from '../policy/policy';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'executive-summary-inputs',
  description: 'An executive summary must list exactly the inputs the policy names for it, each once.',
  defaultSeverity: 'error',
  files: (context) =>
    context.policy.controls.flatMap((c) => (c.evidence.kind === 'executiveSummary' && context.model.exists(c.evidence.path) ? [c.evidence.path] : [])),
  check(context, file, report) {
    const doc = context.model.json(file)!;
    const entries = doc.valueAt(['reports']);
    if (!Array.isArray(entries)) return;
    const inputs = new Set(
      context.policy.controls.flatMap((c) => (c.evidence.kind === 'executiveSummary' && c.evidence.path === file ? c.evidence.inputs : [])),
    );
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

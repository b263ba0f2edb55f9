import { policyReferenceProblems, Policy } from '../policy/policy';
import { validateAgainstSchema } from '../schemas/registry';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'policy-reference',
  description: 'A readiness policy\'s controls must refer to declared sections, local validation groups and controls, with unique ids.',
  defaultSeverity: 'error',
  playbook: true,
  files: (context) => (context.policyFile ? [context.policyFile] : []),
  check(context, file, report) {
    const doc = context.model.json(file);
    // A policy that breaks its schema is the schema rule's finding; references are judged on a well-formed one.
    if (!doc?.isValid || validateAgainstSchema('readiness-policy', doc.value).length > 0) return;
    for (const problem of policyReferenceProblems(doc.value as Policy)) report({ range: doc.rangeNear(problem.path), message: problem.message });
  },
};

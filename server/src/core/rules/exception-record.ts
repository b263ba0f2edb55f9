import type { Rule } from './rule';

export const rule: Rule = {
  id: 'exception-record',
  description: 'An exception record must be complete (who, why, runbook, evidence, expiry), name a control inside the exception window, and not be expired; otherwise it grants nothing.',
  defaultSeverity: 'error',
  playbook: true,
  files: (context) => (context.policy.exceptions && context.model.exists(context.policy.exceptions.file) ? [context.policy.exceptions.file] : []),
  check(context, file, report) {
    const doc = context.model.json(file)!;
    for (const record of context.exceptionRecords) {
      for (const problem of record.problems) report({ range: doc.rangeNear(problem.path), message: problem.message, severity: problem.notForPolicy ? 'warning' : undefined });
    }
  },
};

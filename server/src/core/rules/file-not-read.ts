import { evidencePaths } from '../policy/policy';
import { reportKindOf } from '../reports/catalog';
import { workflowPattern } from '../workflow/workflowModel';
import { patternRegex } from '../fileGlob';
import { baseName } from '../workspace';
import type { Rule, RuleContext } from './rule';

function isValidatedFile(context: RuleContext, file: string): boolean {
  const { policy } = context;
  const named = [...evidencePaths(policy), policy.branchProtection?.policyDocument, context.policyFile].filter((p): p is string => p !== undefined);
  return reportKindOf(baseName(file)) !== undefined || workflowPattern.test(file) || named.some((p) => patternRegex(p).test(file));
}

export const rule: Rule = {
  id: 'file-not-read',
  description: 'A file the playbook needs was not validated (too large, binary, not UTF-8, a directory, or a link leaving the workspace); it says why.',
  defaultSeverity: 'warning',
  // Only files the engine would validate: an unknown file in an evidence folder is none of its business.
  files: (context) => context.model.skippedFiles().filter((file) => isValidatedFile(context, file)),
  check(context, file, report) {
    const reason = context.model.skippedReason(file)!;
    report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `Not validated: ${reason}.` });
  },
};

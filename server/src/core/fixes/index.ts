import { checkWorkspace, resolvePolicy } from '../engine';
import { ruleById } from '../rules/index';
import type { Finding } from '../types';
import { ParseCache, WorkspaceModel, WorkspaceSnapshot } from '../workspace';
import type { QuickFix } from './textEdit';
import type { FixContext, FixOptions } from './verify';

/** Checks the snapshot with a parse cache of its own (over the caller's), ready to verify fixes on it. */
export function fixContext(snapshot: WorkspaceSnapshot, options: FixOptions = {}): FixContext {
  const withCache = { ...options, cache: options.cache ?? new ParseCache() };
  const model = new WorkspaceModel(snapshot, withCache.cache);
  const { policy } = resolvePolicy(model, options.policyFile, options.artifactsFolder);
  return { model, policy, result: checkWorkspace(snapshot, withCache), options: withCache, recheck: checkWorkspace };
}

/** The fixes of a finding of the checked workspace, best first: the rule's data says what to do, the files as they are now say how. */
export function quickFixes(finding: Finding, context: FixContext): QuickFix[] {
  return (ruleById(finding.rule)?.fixes?.(finding, context) ?? []).filter((fix) => fix.edits.length > 0);
}

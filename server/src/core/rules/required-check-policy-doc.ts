import { verifiedCheckFixes } from '../fixes/verify';
import type { CheckFixData } from '../requiredChecks/fixData';
import { readRequiredChecksFile, requiredChecksFile } from '../requiredChecks/model';
import { rememberedBy } from '../memo';
import type { Rule } from './rule';

export const rule: Rule<CheckFixData> = {
  id: 'required-check-policy-doc',
  description: 'The branch protection policy document must name every required check and contain the policy phrases verbatim (R3).',
  defaultSeverity: 'error',
  fixes: verifiedCheckFixes,
  playbook: true,
  files: (context) => {
    const files = [requiredChecksFile(context.policy), context.policy.branchProtection?.policyDocument];
    return files.filter((f): f is string => f !== undefined && context.model.exists(f));
  },
  check(context, file, report) {
    const documentFile = context.policy.branchProtection?.policyDocument;
    if (!documentFile) return;
    const text = context.model.text(documentFile);
    if (file === documentFile) {
      for (const phrase of context.policy.branchProtection?.phrases ?? []) {
        if (!text!.includes(phrase)) report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `The policy document must contain the phrase "${phrase}".` });
      }
      return;
    }
    // The file alone: an edit of a workflow leaves this rule's findings as they were.
    const checks = readRequiredChecksFile(context.model, context.policy);
    if (!checks) return;
    if (text === undefined) {
      for (const check of checks.checks) report({ range: checks.doc.rangeOf(check.node), message: `${documentFile} does not exist; it must name required check "${check.name}".`, check: check.name, data: { fixes: [] } satisfies CheckFixData });
      return;
    }
    const searched = searchesOf(text);
    for (const check of checks.checks) {
      if (mentions(text, searched, check.name)) continue;
      report({
        range: checks.doc.rangeOf(check.node),
        message: `${documentFile} does not mention required check "${check.name}"; the policy document, this file and the GitHub ruleset must change together.`,
        check: check.name, data: { fixes: [{ fix: 'addToPolicyDocument', check: check.name }] } satisfies CheckFixData,
      });
    }
  },
};

/**
 * Whether the policy document mentions a name, per document text (a cache filled as names are asked for,
 * not a shared result): a keystroke in the required-checks file searches the document for the edited name
 * only. Bounded, as names typed one character at a time are all distinct.
 */
const searchesOf = rememberedBy(2, (): Map<string, boolean> => new Map());

function mentions(text: string, searched: Map<string, boolean>, name: string): boolean {
  let found = searched.get(name);
  if (found === undefined) {
    if (searched.size >= 5_000) searched.clear();
    searched.set(name, (found = text.includes(name)));
  }
  return found;
}

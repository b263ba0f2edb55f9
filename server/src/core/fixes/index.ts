import { modify } from 'jsonc-parser';
import type { Policy } from '../policy/policy';
import type { DerivedValueFixData } from '../rules/expectations';
import type { ContractFixData } from '../rules/report-contract';
import type { CheckFix, CheckFixData } from '../requiredChecks/fixData';
import type { Finding } from '../types';
import type { WorkspaceModel } from '../workspace';
import { checkFixEdits, fixTitle } from './checkFixes';
import { FileEdit, jsonFormatting, QuickFix } from './textEdit';

type FixProvider = (finding: Finding, model: WorkspaceModel, policy: Policy) => QuickFix[];

const checkFixes: FixProvider = (finding, model, policy) => {
  const fixes = (finding.data as CheckFixData | undefined)?.fixes ?? [];
  return fixes
    .map((fix, index) => ({ title: fixTitle(fix, policy), isPreferred: index === 0 && isSafe(fix, fixes), edits: checkFixEdits(fix, model, policy) }))
    .filter((fix) => fix.edits.length > 0);
};

/** A fix is safe to prefer when it is the only one of its kind: no choice between targets. */
function isSafe(fix: CheckFix, all: CheckFix[]): boolean {
  return fix.fix !== 'setJobName' && all.filter((f) => f.fix === fix.fix).length === 1;
}

function setJsonValue(model: WorkspaceModel, file: string, path: (string | number)[], value: unknown): FileEdit[] {
  const text = model.text(file);
  if (text === undefined) return [];
  return modify(text, path, value, { formattingOptions: jsonFormatting(text) }).map((e) => ({ file, offset: e.offset, length: e.length, newText: e.content }));
}

const derivedValueFix: FixProvider = (finding, model) => {
  const data = finding.data as DerivedValueFixData | undefined;
  if (!data) return [];
  const field = data.path.join('.');
  return [{ title: `Set ${field} to ${JSON.stringify(data.expected)}`, isPreferred: true, edits: setJsonValue(model, finding.file, data.path, data.expected) }];
};

const contractFix: FixProvider = (finding, model) => {
  const data = finding.data as ContractFixData | undefined;
  if (!data) return [];
  return [{ title: `Set contract to "${data.expected}"`, isPreferred: true, edits: setJsonValue(model, finding.file, ['contract'], data.expected) }];
};

/** Quick fixes by rule id: the rule's diagnostic data says what to do, the files as they are now say how. */
const providers: Record<string, FixProvider> = {
  'required-check-mapping': checkFixes,
  'required-check-workflow': checkFixes,
  'required-check-name': checkFixes,
  'required-check-policy-doc': checkFixes,
  'workflow-required-job': checkFixes,
  'ruleset-check-unreported': checkFixes,
  'ruleset-drift': checkFixes,
  'report-summary-counts': derivedValueFix,
  'report-status-consistency': derivedValueFix,
  'report-execution-complete': derivedValueFix,
  'executive-summary-entry': derivedValueFix,
  'report-contract': contractFix,
};

export function quickFixes(finding: Finding, model: WorkspaceModel, policy: Policy): QuickFix[] {
  const provider = providers[finding.rule];
  return provider ? provider(finding, model, policy).filter((fix) => fix.edits.length > 0) : [];
}

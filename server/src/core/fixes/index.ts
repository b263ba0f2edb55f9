import { modify } from 'jsonc-parser';
import type { DerivedValueFixData } from '../rules/expectations';
import type { ContractFixData } from '../rules/report-contract';
import type { Finding } from '../types';
import type { WorkspaceModel } from '../workspace';
import { FileEdit, jsonFormatting, QuickFix } from './textEdit';
import { FixContext, verifiedCheckFixes } from './verify';

type FixProvider = (finding: Finding, context: FixContext) => QuickFix[];

function setJsonValue(model: WorkspaceModel, file: string, path: (string | number)[], value: unknown): FileEdit[] {
  const text = model.text(file);
  if (text === undefined) return [];
  return modify(text, path, value, { formattingOptions: jsonFormatting(text) }).map((e) => ({ file, offset: e.offset, length: e.length, newText: e.content }));
}

const derivedValueFix: FixProvider = (finding, { model }) => {
  const data = finding.data as DerivedValueFixData | undefined;
  if (!data) return [];
  const field = data.path.join('.');
  return [{ title: `Set ${field} to ${JSON.stringify(data.expected)}`, isPreferred: true, edits: setJsonValue(model, finding.file, data.path, data.expected) }];
};

const contractFix: FixProvider = (finding, { model }) => {
  const data = finding.data as ContractFixData | undefined;
  if (!data) return [];
  return [{ title: `Set contract to "${data.expected}"`, isPreferred: true, edits: setJsonValue(model, finding.file, ['contract'], data.expected) }];
};

/** Quick fixes by rule id: the rule's diagnostic data says what to do, the files as they are now say how. */
const providers: Record<string, FixProvider> = {
  'required-check-mapping': verifiedCheckFixes,
  'required-check-workflow': verifiedCheckFixes,
  'required-check-name': verifiedCheckFixes,
  'required-check-policy-doc': verifiedCheckFixes,
  'workflow-required-job': verifiedCheckFixes,
  'ruleset-check-unreported': verifiedCheckFixes,
  'ruleset-drift': verifiedCheckFixes,
  'report-summary-counts': derivedValueFix,
  'report-status-consistency': derivedValueFix,
  'report-execution-complete': derivedValueFix,
  'executive-summary-entry': derivedValueFix,
  'report-contract': contractFix,
};

/** The fixes of a finding of the checked workspace, best first. */
export function quickFixes(finding: Finding, context: FixContext): QuickFix[] {
  const provider = providers[finding.rule];
  return provider ? provider(finding, context).filter((fix) => fix.edits.length > 0) : [];
}

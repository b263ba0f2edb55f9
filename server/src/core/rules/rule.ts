import type { ControlEvaluation } from '../controls/evaluate';
import type { AssessedRecord } from '../controls/exceptions';
import type { JsonDocument } from '../parse/jsonDocument';
import type { Policy } from '../policy/policy';
import type { Suppression } from '../suppressions/suppressions';
import type { FixContext } from '../fixes/verify';
import type { QuickFix } from '../fixes/textEdit';
import type { Finding, Range, RelatedLocation, Severity } from '../types';
import type { WorkspaceModel } from '../workspace';

/** What a rule reads: the workspace, the policy in force, and what the engine already worked out. */
export interface RuleContext {
  model: WorkspaceModel;
  policy: Policy;
  /** The workspace file the policy came from; undefined for the embedded default. */
  policyFile?: string;
  evaluation: ControlEvaluation;
  exceptionRecords: AssessedRecord[];
  /** Artifact files the catalog knows, under the folders the policy reads evidence from. */
  reportFiles: string[];
  /** Every JSON file the engine reads (reports, CI evidence, policy, exceptions, required checks). */
  jsonFiles: string[];
  workflowFiles: readonly string[];
  /** Where a rule says what it skipped and why; results are kept per file text, so each is said once. */
  trace?: (message: string) => void;
  /** `# readiness-ignore` comments and records of .github/readiness-suppressions.json. */
  suppressions: Suppression[];
  /** The suppressions that accepted a finding; known to the rules that run after suppression. */
  usedSuppressions?: ReadonlySet<Suppression>;
}

export interface Report<Data = unknown> {
  range: Range;
  message: string;
  /** See Finding.subject. */
  subject?: string;
  /** See Finding.check. */
  check?: string;
  severity?: Severity;
  data?: Data;
  related?: RelatedLocation[];
}

/** Everything the engine and the fronts know about a rule; registries are derived from these declarations. */
export interface Rule<Data = unknown> {
  /** Stable id: the diagnostic code, the docs page docs/rules/<id>.md, the SARIF rule. */
  id: string;
  /** One sentence: what the rule checks. */
  description: string;
  defaultSeverity: Severity;
  /**
   * Findings on a file follow from that file's parse of this kind alone (and its name): they are kept per
   * parse, so a keystroke in one file re-runs the rule on that file only. Absent: the rule joins files.
   */
  fileLocal?: 'json' | 'yaml';
  /** A rule of the playbook itself (its reports, controls, exceptions, policy document, required CI jobs): silent where it is not adopted. */
  playbook?: boolean;
  /** Reads workflow files: switched off with the others by readiness.workflowChecks. */
  workflowCheck?: boolean;
  /** Runs once the other rules' findings are known and suppressed (their findings are never suppressed). */
  afterSuppressions?: boolean;
  /** The files this rule checks; each is checked on its own, so a fault stays in that file. */
  files(context: RuleContext): readonly string[];
  check(context: RuleContext, file: string, report: (finding: Report<Data>) => void): void;
  /** The quick fixes of one of its findings (of the checked workspace), best first; `data` is what `check` reported. */
  fixes?(finding: Finding<Data>, context: FixContext): QuickFix[];
}

export type Emit<Data = unknown> = (finding: Report<Data>) => void;

/** A finding at a JSON path (or the deepest part of it that exists). */
export function at<Data>(doc: JsonDocument, path: (string | number)[], message: string, extra: Partial<Report<Data>> = {}): Report<Data> {
  return { range: doc.rangeNear(path), message, ...extra };
}

export type { Finding };

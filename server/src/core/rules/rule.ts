import type { ControlEvaluation } from '../controls/evaluate';
import type { AssessedRecord } from '../controls/exceptions';
import type { JsonDocument } from '../parse/jsonDocument';
import type { Policy } from '../policy/policy';
import type { Suppression } from '../suppressions/suppressions';
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
  workflowFiles: string[];
  /** Where a rule says what it skipped and why; results are kept per file text, so each is said once. */
  trace?: (message: string) => void;
  /** `# readiness-ignore` comments and records of .github/readiness-suppressions.json. */
  suppressions: Suppression[];
  /** The suppressions that accepted a finding; known to the rules that run after suppression. */
  usedSuppressions?: ReadonlySet<Suppression>;
}

export interface Report {
  range: Range;
  message: string;
  /** See Finding.subject. */
  subject?: string;
  severity?: Severity;
  data?: unknown;
  related?: RelatedLocation[];
}

export interface Rule {
  /** Stable id: the diagnostic code, the docs page docs/rules/<id>.md, the SARIF rule. */
  id: string;
  /** One sentence: what the rule checks. */
  description: string;
  defaultSeverity: Severity;
  /** The files this rule checks; each is checked on its own, so a fault stays in that file. */
  files(context: RuleContext): string[];
  check(context: RuleContext, file: string, report: (finding: Report) => void): void;
  /** Runs once the other rules' findings are known and suppressed (their findings are never suppressed). */
  afterSuppressions?: boolean;
}

export type Emit = (finding: Report) => void;

/** A finding at a JSON path (or the deepest part of it that exists). */
export function at(doc: JsonDocument, path: (string | number)[], message: string, extra: Partial<Report> = {}): Report {
  return { range: doc.rangeNear(path), message, ...extra };
}

export type { Finding };

/** Positions are 0-based, characters in UTF-16 code units (the LSP default). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A place in another file that explains a finding (LSP relatedInformation). */
export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** One problem found in one file of the workspace. */
export interface Finding<Data = unknown> {
  /** The stable rule id; also the diagnostic `code`. */
  rule: string;
  severity: Severity;
  /** Workspace-relative path with `/`. */
  file: string;
  range: Range;
  message: string;
  /**
   * What the finding is about, stable while the problem stays (a failing check's label, a control's criterion),
   * where the message also carries observed values that change from run to run; default: the message.
   */
  subject?: string;
  /** The required check the finding is about, for the rules about one required check (fixes are verified against it). */
  check?: string;
  /** What the rule's quick fixes need; shape owned by the rule. */
  data?: Data;
  related?: RelatedLocation[];
}

/** A finding accepted by a suppression: not a diagnostic, still listed with the reason. */
export interface SuppressedFinding extends Finding {
  suppression: {
    reason: string;
    approvedBy?: string;
    /** The last day (or instant) it applies. */
    until?: string;
    /** Where the suppression is written: the comment or the record of .github/readiness-suppressions.json. */
    file: string;
    range: Range;
  };
}

export const controlStates = ['passed', 'failed', 'unverified', 'missing', 'invalid', 'stale', 'waived'] as const;
export type ControlState = (typeof controlStates)[number];

/** not-applicable: the repository has not adopted the playbook, so no release verdict is given. */
export type Verdict = 'go' | 'go-with-exception' | 'no-go' | 'not-applicable';

/** A failing entry inside a control's evidence (a failing `checks[i]`, a failed test, a CI job). */
export interface FailingItem {
  label: string;
  detail: string;
  file: string;
  range: Range;
}

export interface ControlResult {
  id: string;
  section: string;
  title: string;
  /** Whether the control takes part in the Go/No-Go verdict (§4 and §5 items do not). */
  required: boolean;
  state: ControlState;
  reason: string;
  remediation: string;
  file?: string;
  range?: Range;
  failing: FailingItem[];
  /** Ids of the policy's local validation command groups that regenerate this control's evidence. */
  localValidation: string[];
  /** Where the evidence came from, when live evidence was asked for: `local` or the live source. */
  source?: string;
}

export interface SectionSummary {
  id: string;
  title: string;
  /** gate: decides the verdict; checklist: evidence to attach (§4); triggers: incident triggers (§5). */
  kind: 'gate' | 'checklist' | 'triggers';
}

/**
 * Whether the repository has adopted the readiness playbook. Until it has, the playbook's rules and
 * controls stay silent and the product checks required status checks and workflows only.
 */
export interface PlaybookMode {
  playbook: 'adopted' | 'not-adopted';
  reason: string;
}

export interface WorkspaceResult {
  verdict: Verdict;
  mode: PlaybookMode;
  policy: { id: string; version: string; title: string; file?: string };
  sections: SectionSummary[];
  controls: ControlResult[];
  findings: Finding[];
  /** What GitHub was asked and what it said, when the front read live evidence. */
  live?: LiveSummary;
  /** Findings a valid suppression accepts; they take no part in the verdict, which never read findings. */
  suppressed: SuppressedFinding[];
}

/** A required check of the branch's rules, and whether a workflow job will report it on pull requests. */
export interface LiveCheckStatus {
  context: string;
  integrationId?: number;
  source: string;
  state: 'reported' | 'unreported' | 'uncertain';
  reason: string;
}

export interface LiveSummary {
  repo: string;
  branch?: string;
  sha?: string;
  checkedAt: string;
  account?: string;
  /** Undefined when the rules could not be read. */
  rules?: { requiredChecks: LiveCheckStatus[]; mergeQueue: boolean; rulesets: { id: number; source: string; sourceType: string }[] };
  classicProtection?: string;
  reads: { what: string; endpoint: string; outcome: string; detail?: string }[];
  errors: string[];
  /** Live files the verdict used (a file on disk of the same path wins), with their source. */
  files: { path: string; source: string; location?: string }[];
}

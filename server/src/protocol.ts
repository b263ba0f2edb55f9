/** Messages between the language server and the VS Code client beyond LSP (shared by both bundles). */
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { ControlState, PlaybookMode, Range, SectionSummary, Verdict } from './core/types';

export const verdictRequest = 'readiness/verdict';
/** Params: { uri: folder URI }; result: the release evidence block in Markdown. */
export const evidenceMarkdownRequest = 'readiness/evidenceMarkdown';
export const verdictChangedNotification = 'readiness/verdictChanged';
/** Client → server: the GitHub token of the signed-in session (or none), for live evidence. Params: { token?: string }. */
export const githubTokenNotification = 'readiness/githubToken';
/** Client → server: read the live evidence again now. */
export const refreshLiveRequest = 'readiness/refreshLive';

/** Params: { uri: folder URI }; result: AdoptionFiles, the starter files the client writes. */
export const adoptionRequest = 'readiness/adoption';

export interface AdoptionFiles {
  files: { uri: string; path: string; text: string }[];
  existing: string[];
  requiredChecks: string[];
  leftOut: { workflow: string; job: string; reason: string }[];
}

/** Params: { uri: folder URI }; result: FixAllResult — the preferred fixes of every required-check finding, applied one at a time. */
export const fixAllRequest = 'readiness/fixAll';
/** The code action kind of fix-all (for `editor.codeActionsOnSave`). */
export const fixAllKind = 'source.fixAll.readiness';

export interface FixAllResult {
  /** A WorkspaceEdit (LSP shape) over every file the fixes change. */
  edit: WorkspaceEdit;
  applied: string[];
  /** Required-check findings the preferred fixes do not clear. */
  remaining: number;
}

export interface VerdictFailingItem {
  label: string;
  detail: string;
  uri: string;
  range: Range;
}

export interface VerdictControl {
  id: string;
  section: string;
  title: string;
  required: boolean;
  state: ControlState;
  reason: string;
  remediation: string;
  uri?: string;
  range?: Range;
  failing: VerdictFailingItem[];
  localValidation: string[];
  /** Where the evidence came from when live evidence is on: `local` or the live source. */
  source?: string;
}

/** The live reads of a folder, for the top of the view. */
export interface FolderLive {
  state: 'off' | 'signed-out' | 'reading' | 'live' | 'error';
  /** "live: 1a2b3c4 on main, checked 10:42", when evidence was read. */
  line?: string;
  checkedAt?: string;
  /** Failed reads (rate limit, offline, permission) in words. */
  errors: string[];
  /** The ruleset as verified live, for §2.5: who, when, which rulesets. */
  verified?: { account?: string; checkedAt: string; rulesets: string[]; url: string };
}

export interface LocalValidationCommandGroup {
  id: string;
  title: string;
  cwd?: string;
  commands: string[];
}

export interface FolderVerdict {
  uri: string;
  name: string;
  verdict: Verdict;
  mode: PlaybookMode;
  policy: { id: string; version: string; title: string; uri?: string };
  sections: SectionSummary[];
  controls: VerdictControl[];
  /** Workspace problems (diagnostics) by severity, and the files that have them. */
  problems: { error: number; warning: number; information: number; hint: number; files: ProblemFile[] };
  localValidation: LocalValidationCommandGroup[];
  /** Whether the folder has any artifact evidence at all (else the view shows its welcome content). */
  hasEvidence: boolean;
  /** Findings accepted by a suppression: not in Problems, shown in the panel with the reason. */
  suppressed: SuppressedItem[];
  /** Where exception records go, for the "Record exception" command. */
  exceptions?: { uri: string; controls: string[]; runbook?: string };
  live?: FolderLive;
}

export interface SuppressedItem {
  rule: string;
  message: string;
  uri: string;
  range: Range;
  reason: string;
  until?: string;
  approvedBy?: string;
  /** Where the suppression is written. */
  suppressionUri: string;
  suppressionRange: Range;
}

export interface VerdictModel {
  folders: FolderVerdict[];
}

export interface ProblemFile {
  uri: string;
  path: string;
  errors: number;
  warnings: number;
}

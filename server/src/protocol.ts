/** Messages between the language server and the VS Code client beyond LSP (shared by both bundles). */
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { ControlState, Range, SectionSummary, Verdict } from './core/types';

export const verdictRequest = 'readiness/verdict';
/** Params: { uri: folder URI }; result: the release evidence block in Markdown. */
export const evidenceMarkdownRequest = 'readiness/evidenceMarkdown';
export const verdictChangedNotification = 'readiness/verdictChanged';
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

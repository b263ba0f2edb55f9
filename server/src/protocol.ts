/**
 * Messages between the language server and the VS Code client beyond LSP, one typed object each
 * (shared by both bundles and the protocol tests): the method, its params and its result.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { ControlState, PlaybookMode, Range, SectionSummary, Verdict } from './core/types';

/** The params of a request about one workspace folder. */
interface FolderParams {
  /** The folder's URI. */
  uri: string;
}

/** The verdict of every workspace folder. */
export namespace VerdictRequest {
  export const method = 'readiness/verdict' as const;
  export const type = new RequestType0<VerdictModel, void>(method);
}

/** Server → client: the verdict model whenever it changes. */
export namespace VerdictChangedNotification {
  export const method = 'readiness/verdictChanged' as const;
  export const type = new NotificationType<VerdictModel>(method);
}

/** The release evidence block of a folder in Markdown. */
export namespace EvidenceMarkdownRequest {
  export const method = 'readiness/evidenceMarkdown' as const;
  export const type = new RequestType<FolderParams, string, void>(method);
}

interface GitHubTokenParams {
  /** The token of the signed-in session; absent when there is none. */
  token?: string;
}

/** Client → server: the GitHub token of the signed-in session (or none), for live evidence. */
export namespace GitHubTokenNotification {
  export const method = 'readiness/githubToken' as const;
  export const type = new NotificationType<GitHubTokenParams>(method);
}

/** Client → server: read the live evidence again now; answered when the reads are done. */
export namespace RefreshLiveRequest {
  export const method = 'readiness/refreshLive' as const;
  export const type = new RequestType0<void, void>(method);
}

/** The starter files of adoption, which the client writes; null for a folder the server does not know. */
export namespace AdoptionRequest {
  export const method = 'readiness/adoption' as const;
  export const type = new RequestType<FolderParams, AdoptionFiles | null, void>(method);
}

/** The preferred fixes of every required-check finding of a folder, applied one at a time; null for an unknown folder. */
export namespace FixAllRequest {
  export const method = 'readiness/fixAll' as const;
  export const type = new RequestType<FolderParams, FixAllResult | null, void>(method);
}

/** The code action kind of fix-all (for `editor.codeActionsOnSave`). */
export const fixAllKind = 'source.fixAll.readiness';

export interface AdoptionFiles {
  files: { uri: string; path: string; text: string }[];
  existing: string[];
  requiredChecks: string[];
  leftOut: { workflow: string; job: string; reason: string }[];
}

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
  /** The first check of the folder is still running its rules: the verdict is known, the problems and suppressed findings not yet (empty). */
  checking: boolean;
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

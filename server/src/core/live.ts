import { LayeredTexts } from './texts';

/**
 * What GitHub knows about the commit and its branch, fetched by a front (never by the core) and handed in
 * with the snapshot: the branch's enforced required checks, and evidence files that stand in for the ones
 * the workspace does not have (check runs, reports unpacked from the commit's CI artifacts).
 */
export interface LiveEvidence {
  /** OWNER/NAME. */
  repo: string;
  /** The REST root that was asked. */
  apiUrl?: string;
  branch?: string;
  sha?: string;
  /** When GitHub was asked (ISO 8601). */
  checkedAt: string;
  /** The account the token belongs to, when it may say. */
  account?: string;
  /** The branch's effective rules; undefined when they could not be read. */
  rules?: LiveRules;
  /** Classic branch protection: read, absent, or not readable with this token (which never means "unprotected"). */
  classicProtection?: 'read' | 'none' | 'not visible to this account';
  /** Files in the workspace's evidence paths, as GitHub has them for the commit. */
  files: LiveFile[];
  /** Every read, for the record: what, and how it went. */
  reads: LiveRead[];
  /** Reads that failed, in words (rate limit, offline, permission). */
  errors: string[];
}

export interface LiveRules {
  /** Required checks from the rulesets and (when readable) classic protection, one entry per context. */
  requiredChecks: LiveRequiredCheck[];
  /** Whether a ruleset puts the branch behind a merge queue. */
  mergeQueue: boolean;
  /** The rulesets that apply to the branch. */
  rulesets: { id: number; source: string; sourceType: string }[];
}

export interface LiveRequiredCheck {
  context: string;
  /** The app that must produce the check; undefined: any. */
  integrationId?: number;
  /** Where the requirement comes from, e.g. `ruleset 42 (Organization acme)` or `classic branch protection`. */
  source: string;
}

export interface LiveFile {
  /** The workspace-relative path the file stands for, e.g. `artifacts/check_runs.json`. */
  path: string;
  text: string;
  /** Where it came from, e.g. `check runs of 1a2b3c4` or `artifact governance-reports of run 7`. */
  source: string;
  /** Where a copy can be opened (the on-disk cache), when there is one. */
  location?: string;
}

export interface LiveRead {
  what: string;
  endpoint: string;
  outcome: 'read' | 'not modified' | 'not visible' | 'failed' | 'skipped';
  detail?: string;
}

/** GitHub Actions' app id: the integration_id of the checks its jobs produce. */
export const githubActionsAppId = 15368;

/** The workspace's files with live files laid under them: a file on disk wins, live evidence fills the gaps. */
export function withLiveFiles(files: ReadonlyMap<string, string>, live: LiveEvidence | undefined): { files: ReadonlyMap<string, string>; liveFiles: Map<string, LiveFile> } {
  const liveFiles = new Map<string, LiveFile>();
  if (!live || live.files.length === 0) return { files, liveFiles };
  const laid = new Map<string, string>();
  for (const file of live.files) {
    if (files.has(file.path) || laid.has(file.path)) continue;
    laid.set(file.path, file.text);
    liveFiles.set(file.path, file);
  }
  return { files: new LayeredTexts(files, laid), liveFiles };
}

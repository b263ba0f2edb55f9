import * as path from 'node:path';
import type { PlaybookSetting } from '../core/adoption';
import { checkWorkspace } from '../core/engine';
import type { LiveEvidence } from '../core/live';
import type { WorkspaceResult } from '../core/types';
import { ParseCache, WorkspaceSnapshot } from '../core/workspace';
import type { TargetOverrides } from './github/gitMetadata';
import { readLiveEvidence } from './github/readLive';
import { readWorkflowsOnGitHub } from './github/pullRequestBase';
import { tool } from './tool';
import { readWorkspace } from './workspaceReader';

export interface FolderCheck {
  /** A policy file, relative to the current folder or absolute. */
  policy?: string;
  /** The folder (relative to the checked one) the CI artifacts were downloaded to. */
  artifacts?: string;
  /** The commit the evidence must be for, when the folder's own HEAD is not it (a pull request's merge checkout). */
  headSha?: string;
  /** Whether the playbook applies: decided from the repository (auto), or set. */
  playbook?: PlaybookSetting;
  /**
   * Also read what GitHub knows for the folder's repository, branch and commit, and the reusable workflows of
   * other repositories its workflows call; on a pull request, also the base commit's workflows. Nothing
   * touches the network without it.
   */
  github?: { overrides: TargetOverrides; token?: string; pullRequestBase?: { ref: string; sha: string } };
  log: (message: string) => void;
}

export interface FolderOutcome {
  result: WorkspaceResult;
  snapshot: WorkspaceSnapshot;
  /** Live reads that failed, one line each; the verdict comes from what could be read. */
  githubErrors: string[];
}

/** Reads a folder from disk, with a policy file named relative to the current folder (as on a command line). */
export function readFolder(folder: string, options: Pick<FolderCheck, 'policy' | 'artifacts'>): { snapshot: WorkspaceSnapshot; policyFile?: string; cache: ParseCache } {
  const policyFile = options.policy && path.relative(folder, path.resolve(options.policy));
  // The policy is parsed (and validated) while reading, to know what else to read: the check reuses that parse.
  const cache = new ParseCache();
  return { ...readWorkspace(folder, { policyFile, artifactsFolder: options.artifacts, cache }), cache };
}

/** Reads a folder from disk (and, when asked, GitHub's evidence for it) and checks it: what the CLI and the action both do. */
export async function checkFolder(folder: string, options: FolderCheck): Promise<FolderOutcome> {
  const read = readFolder(folder, options);
  const snapshot: WorkspaceSnapshot = options.headSha ? { ...read.snapshot, headSha: options.headSha } : read.snapshot;
  const live = options.github && (await readLiveEvidence(folder, snapshot, { overrides: options.github.overrides, token: options.github.token, policyFile: read.policyFile, artifactsFolder: options.artifacts, userAgent }));
  if (!options.github) return checkWithLive(snapshot, read.policyFile, live, options, read.cache);
  const { errors, ...workflows } = await readWorkflowsOnGitHub(folder, snapshot, { ...options.github, userAgent, policyFile: read.policyFile, artifactsFolder: options.artifacts });
  const outcome = checkWithLive({ ...snapshot, ...workflows }, read.policyFile, live, options, read.cache);
  outcome.githubErrors.push(...errors);
  return outcome;
}

export const userAgent = `${tool.name}/${tool.version}`;

/** Checks a snapshot with the live evidence read for it, if any; a failed live read is an error line, not a failure. */
export function checkWithLive(snapshot: WorkspaceSnapshot, policyFile: string | undefined, live: LiveEvidence | { error: string } | undefined, options: Pick<FolderCheck, 'artifacts' | 'playbook' | 'log'>, cache?: ParseCache): FolderOutcome {
  const githubErrors: string[] = [];
  if (live && 'error' in live) githubErrors.push(live.error);
  else if (live) {
    githubErrors.push(...live.errors);
    snapshot.live = live;
  }
  const result = checkWorkspace(snapshot, { policyFile, artifactsFolder: options.artifacts, playbook: options.playbook, log: options.log, cache });
  return { result, snapshot, githubErrors };
}

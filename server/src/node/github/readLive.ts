import { resolvePolicy } from '../../core/engine';
import type { LiveEvidence } from '../../core/live';
import { WorkspaceModel, WorkspaceSnapshot } from '../../core/workspace';
import { defaultCacheFolder } from './cache';
import type { RateLimitWait } from './client';
import { resolveTarget, TargetOverrides } from './gitMetadata';
import { fetchLiveEvidence, LiveTarget } from './liveEvidence';

export interface LiveRequest {
  overrides: TargetOverrides;
  token?: string;
  cacheFolder?: string;
  policyFile?: string;
  artifactsFolder?: string;
  userAgent: string;
  rateLimitWait?: RateLimitWait;
}

/** The token from the environment: GITHUB_TOKEN, else GH_TOKEN (the GitHub CLI's). */
export function tokenFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

/** Live evidence for a folder: its repository, branch and commit asked of GitHub, into the evidence paths its policy reads. */
export async function readLiveEvidence(root: string, snapshot: WorkspaceSnapshot, request: LiveRequest): Promise<LiveEvidence | { error: string }> {
  const target = resolveTarget(root, request.overrides);
  if ('error' in target) return target;
  return readLiveEvidenceFor(target, snapshot, request);
}

/** Live evidence for a known repository, branch and commit, into the evidence paths the snapshot's policy reads. */
export function readLiveEvidenceFor(target: LiveTarget, snapshot: WorkspaceSnapshot, request: Omit<LiveRequest, 'overrides'>): Promise<LiveEvidence> {
  const { policy } = resolvePolicy(new WorkspaceModel(snapshot), request.policyFile, request.artifactsFolder);
  return fetchLiveEvidence(target, {
    token: request.token,
    cacheFolder: request.cacheFolder ?? defaultCacheFolder(),
    userAgent: request.userAgent,
    checkRunsPath: policy.ciEvidence?.checkRuns,
    artifactsFolder: policy.artifactsFolder ?? 'artifacts',
    rateLimitWait: request.rateLimitWait,
  });
}

import { resolvePolicy } from '../../core/engine';
import type { LiveEvidence } from '../../core/live';
import { WorkspaceModel, WorkspaceSnapshot } from '../../core/workspace';
import { defaultCacheFolder } from './cache';
import { resolveTarget, TargetOverrides } from './gitMetadata';
import { fetchLiveEvidence } from './liveEvidence';

export interface LiveRequest {
  overrides: TargetOverrides;
  token?: string;
  cacheFolder?: string;
  policyFile?: string;
  artifactsFolder?: string;
  userAgent: string;
}

/** The token from the environment: GITHUB_TOKEN, else GH_TOKEN (the GitHub CLI's). */
export function tokenFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

/** Live evidence for a folder: its repository, branch and commit asked of GitHub, into the evidence paths its policy reads. */
export async function readLiveEvidence(root: string, snapshot: WorkspaceSnapshot, request: LiveRequest): Promise<LiveEvidence | { error: string }> {
  const target = resolveTarget(root, request.overrides);
  if ('error' in target) return target;
  const { policy } = resolvePolicy(new WorkspaceModel(snapshot), request.policyFile, request.artifactsFolder);
  return fetchLiveEvidence(target, {
    token: request.token,
    cacheFolder: request.cacheFolder ?? defaultCacheFolder(),
    userAgent: request.userAgent,
    checkRunsPath: policy.ciEvidence?.checkRuns,
    artifactsFolder: policy.artifactsFolder ?? 'artifacts',
  });
}

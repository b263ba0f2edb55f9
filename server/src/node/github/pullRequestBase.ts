import { resolvePolicy } from '../../core/engine';
import { workflowPattern } from '../../core/workflow/workflowModel';
import { CalledWorkflows, PullRequestBase, WorkspaceModel, WorkspaceSnapshot } from '../../core/workspace';
import { defaultCacheFolder, ResponseCache } from './cache';
import { fetchCalledWorkflows } from './calledWorkflows';
import { createClient, describeFailure, GitHubClient } from './client';
import { contentsOf, readRemoteFile, workflowTexts } from './contents';
import { resolveTarget, TargetOverrides } from './gitMetadata';

/**
 * The base of a pull request as the core compares it: the workflow files and the required-checks file at
 * the base commit, and the reusable workflows of other repositories they call. Errors are lines, not failures.
 */
export async function readPullRequestBase(client: GitHubClient, repo: { owner: string; repo: string }, base: { ref: string; sha: string }, requiredChecksFile: string | undefined): Promise<{ base: PullRequestBase; errors: string[] }> {
  const files = new Map<string, string>();
  const skipped = new Map<string, string>();
  const at = { ...repo, ref: base.sha };
  const errors: string[] = [];
  const listing = await contentsOf(client, at, '.github/workflows').catch((error: unknown) => void errors.push(`the base commit's workflows could not be listed: ${describeFailure(error)}`));
  for (const entry of Array.isArray(listing) ? listing : []) if (entry.type === 'file' && workflowPattern.test(entry.path)) await readRemoteFile(client, at, entry.path, files, skipped);
  if (requiredChecksFile) await readRemoteFile(client, at, requiredChecksFile, files, skipped);
  for (const [file, reason] of skipped) errors.push(`the base commit's ${file} was not read: ${reason}`);
  const calledWorkflows = await fetchCalledWorkflows(client, workflowTexts(files));
  return { base: { ...base, files, ...(calledWorkflows.size > 0 ? { calledWorkflows } : {}) }, errors };
}

/**
 * What a folder checked with live reads needs from GitHub besides the evidence: the reusable workflows of
 * other repositories its workflows call and, on a pull request, the base commit's workflows. Errors are lines.
 */
export async function readWorkflowsOnGitHub(
  folder: string,
  snapshot: WorkspaceSnapshot,
  request: { overrides: TargetOverrides; token?: string; userAgent: string; policyFile?: string; artifactsFolder?: string; pullRequestBase?: { ref: string; sha: string } },
): Promise<{ calledWorkflows?: CalledWorkflows; pullRequestBase?: PullRequestBase; errors: string[] }> {
  const target = resolveTarget(folder, request.overrides);
  if ('error' in target) return { errors: [] };
  const client = createClient({ apiUrl: target.apiUrl, token: request.token, cache: new ResponseCache(defaultCacheFolder()), userAgent: request.userAgent });
  const called = await fetchCalledWorkflows(client, workflowTexts(snapshot.files));
  const result: { calledWorkflows?: CalledWorkflows; pullRequestBase?: PullRequestBase; errors: string[] } = { errors: [], ...(called.size > 0 ? { calledWorkflows: called } : {}) };
  if (request.pullRequestBase) {
    const { policy } = resolvePolicy(new WorkspaceModel(snapshot), request.policyFile, request.artifactsFolder);
    const read = await readPullRequestBase(client, { owner: target.owner, repo: target.repo }, request.pullRequestBase, policy.branchProtection?.requiredChecks);
    result.pullRequestBase = read.base;
    result.errors.push(...read.errors);
  }
  return result;
}

import { parse } from 'yaml';
import { calledKey, RemoteWorkflowPath, remoteWorkflowPath } from '../../core/workflow/workflowModel';
import type { CalledWorkflows } from '../../core/workspace';
import type { GitHubClient } from './client';
import { readRemoteFile } from './contents';

/** GitHub.com runs reusable workflows nested up to ten levels deep: the top-level workflow and nine called ones. */
const maxLevels = 10;
/** A bound on the reads one check makes for called workflows, however wide an organisation's reuse fans out. */
const maxCalledWorkflowFetches = 50;

/** The `uses:` of each job of a workflow text; none when it does not parse. */
function jobCalls(text: string): string[] {
  let workflow: unknown;
  try {
    workflow = parse(text, { maxAliasCount: 100 });
  } catch {
    return [];
  }
  const jobs = (workflow as { jobs?: unknown } | null)?.jobs;
  if (jobs === null || typeof jobs !== 'object') return [];
  return Object.values(jobs as Record<string, unknown>).flatMap((job) => {
    const uses = (job as { uses?: unknown } | null)?.uses;
    return typeof uses === 'string' ? [uses] : [];
  });
}

/**
 * Fetches, through the contents API at the ref each call names, the reusable workflows of other repositories
 * that these workflow texts call, and the ones those call in turn, as deep as GitHub nests them and up to
 * `limit` reads. A workflow that cannot be read (private, missing, beyond the limit) is kept with the reason.
 */
export async function fetchCalledWorkflows(client: GitHubClient, workflows: Iterable<string>, limit = maxCalledWorkflowFetches): Promise<CalledWorkflows> {
  const called = new Map<string, { text: string } | { unread: string }>();
  let level: { text: string; origin?: RemoteWorkflowPath }[] = [...workflows].map((text) => ({ text }));
  let fetches = 0;
  for (let depth = 2; depth <= maxLevels && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { text, origin } of level) {
      for (const uses of jobCalls(text)) {
        const key = calledKey(uses, origin);
        if (key === undefined || called.has(key)) continue;
        if (fetches >= limit) {
          called.set(key, { unread: `more than ${limit} reusable workflows of other repositories are called; this one was not fetched` });
          continue;
        }
        fetches++;
        const at = remoteWorkflowPath(key)!;
        const read = await readCalledWorkflow(client, at);
        called.set(key, read);
        if ('text' in read) next.push({ text: read.text, origin: at });
      }
    }
    level = next;
  }
  return called;
}

async function readCalledWorkflow(client: GitHubClient, at: RemoteWorkflowPath): Promise<{ text: string } | { unread: string }> {
  const files = new Map<string, string>();
  const skipped = new Map<string, string>();
  await readRemoteFile(client, { owner: at.owner, repo: at.repo, ref: at.ref }, at.path, files, skipped);
  const text = files.get(at.path);
  if (text !== undefined) return { text };
  // GitHub answers 404 alike for a missing file and for a repository this token may not see.
  return { unread: skipped.get(at.path) ?? `${at.owner}/${at.repo} has no ${at.path} at ${at.ref}, or the repository is not visible to this token (HTTP 404)` };
}

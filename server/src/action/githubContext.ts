import * as fs from 'node:fs';

/** What the workflow run says about the repository and the commit under check. */
export interface GitHubContext {
  /** OWNER/NAME. */
  repository?: string;
  /** The REST root (GitHub Enterprise Server: https://HOST/api/v3). */
  apiUrl: string;
  eventName?: string;
  /**
   * The commit the evidence must be for. On a pull request that is its head, where the checks of the pull
   * request are reported, not the merge commit GitHub checks out; in a merge queue, the queue's commit.
   */
  sha?: string;
  /** The branch whose rules the commit must meet: a pull request's or merge group's base branch, else the pushed one. */
  branch?: string;
  pullRequest?: { number: number; baseRef: string; baseSha: string; headRef: string; headSha: string };
}

interface PullRequestEvent {
  number: number;
  pull_request: { base: { ref: string; sha: string }; head: { ref: string; sha: string } };
}

interface MergeGroupEvent {
  merge_group: { head_sha: string; base_ref: string };
}

/** The context from the environment GitHub sets for a step and the event payload (GITHUB_EVENT_PATH). */
export function gitHubContextOf(env: NodeJS.ProcessEnv, event: unknown): GitHubContext {
  const base: GitHubContext = {
    repository: env.GITHUB_REPOSITORY || undefined,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    eventName: env.GITHUB_EVENT_NAME || undefined,
    sha: env.GITHUB_SHA || undefined,
    branch: env.GITHUB_REF?.startsWith('refs/heads/') ? env.GITHUB_REF.slice('refs/heads/'.length) : undefined,
  };
  if (isPullRequestEvent(event)) {
    const { base: prBase, head } = event.pull_request;
    return {
      ...base,
      sha: head.sha,
      branch: prBase.ref,
      pullRequest: { number: event.number, baseRef: prBase.ref, baseSha: prBase.sha, headRef: head.ref, headSha: head.sha },
    };
  }
  if (isMergeGroupEvent(event)) {
    return { ...base, sha: event.merge_group.head_sha, branch: event.merge_group.base_ref.replace(/^refs\/heads\//, '') };
  }
  return base;
}

/** Reads the event payload GitHub wrote for the step; an absent or unreadable one is no event. */
export function readGitHubContext(env: NodeJS.ProcessEnv): GitHubContext {
  let event: unknown;
  try {
    event = env.GITHUB_EVENT_PATH ? JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : undefined;
  } catch {
    event = undefined;
  }
  return gitHubContextOf(env, event);
}

function isPullRequestEvent(event: unknown): event is PullRequestEvent {
  const pr = (event as PullRequestEvent | undefined)?.pull_request;
  return typeof (event as PullRequestEvent | undefined)?.number === 'number' && typeof pr?.head?.sha === 'string' && typeof pr.base?.ref === 'string' && typeof pr.base.sha === 'string' && typeof pr.head.ref === 'string';
}

function isMergeGroupEvent(event: unknown): event is MergeGroupEvent {
  const group = (event as MergeGroupEvent | undefined)?.merge_group;
  return typeof group?.head_sha === 'string' && typeof group.base_ref === 'string';
}

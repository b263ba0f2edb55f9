import type { GitHubContext } from './githubContext';

export interface LiveReadRequest {
  context: GitHubContext;
  /** The job's token (never logged, sent only to context.apiUrl). */
  token: string;
}

export interface LiveReadOutcome {
  /** One line for the log: what was read, or why nothing was. */
  message: string;
}

/**
 * The one place live GitHub reads (the branch's rules, the commit's check runs and artifacts) enter the action.
 * This version has no GitHub client: it says so, and the verdict comes from the files in the workspace.
 */
export async function readLive(request: LiveReadRequest): Promise<LiveReadOutcome> {
  const target = request.context.repository ? ` for ${request.context.repository}` : '';
  return { message: `Live GitHub reads${target} are not available in this version of the action; the verdict comes from the files in the workspace.` };
}

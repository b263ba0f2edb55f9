import { workflowPattern } from '../../core/workflow/workflowModel';
import { textOf } from '../workspaceReader';
import { describeFailure, GitHubClient, responseOf } from './client';

export interface ContentEntry {
  type: string;
  path: string;
  content?: string;
  encoding?: string;
}

export type At = { owner: string; repo: string; ref: string };

/** A path's contents entry (or a folder's entries); undefined when it does not exist. Other failures are thrown. */
export async function contentsOf(client: GitHubClient, at: At, path: string): Promise<ContentEntry | ContentEntry[] | undefined> {
  try {
    return (await client.request('GET /repos/{owner}/{repo}/contents/{path}', { ...at, path })).data as ContentEntry | ContentEntry[];
  } catch (error) {
    if (responseOf(error)?.status === 404) return undefined;
    throw error;
  }
}

export async function readRemoteFile(client: GitHubClient, at: At, path: string, files: Map<string, string>, skipped: Map<string, string>): Promise<void> {
  if (files.has(path) || skipped.has(path)) return;
  let entry: ContentEntry | ContentEntry[] | undefined;
  try {
    entry = await contentsOf(client, at, path);
  } catch (error) {
    skipped.set(path, `it could not be read from GitHub (${describeFailure(error)})`);
    return;
  }
  if (entry === undefined) return;
  if (Array.isArray(entry)) skipped.set(path, 'it is a directory, not a file');
  else if (entry.type !== 'file') skipped.set(path, `it is a ${entry.type}, not a file`);
  // The contents API leaves out the body of files over 1 MB.
  else if (entry.encoding !== 'base64' || entry.content === undefined) skipped.set(path, 'the contents API does not serve its text (over 1 MB)');
  else {
    const read = textOf(Buffer.from(entry.content, 'base64'));
    if ('text' in read) files.set(path, read.text);
    else skipped.set(path, read.skipped);
  }
}

/** The workflow files' texts among a workspace's files. */
export function workflowTexts(files: ReadonlyMap<string, string>): string[] {
  return [...files].filter(([file]) => workflowPattern.test(file)).map(([, text]) => text);
}

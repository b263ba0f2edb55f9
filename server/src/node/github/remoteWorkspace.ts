import { resolvePolicy } from '../../core/engine';
import { workspaceFilePatterns, workspacePolicyFile } from '../../core/policy/policy';
import { patternRegex } from '../../core/fileGlob';
import { WorkspaceModel, WorkspaceSnapshot } from '../../core/workspace';
import { fetchCalledWorkflows } from './calledWorkflows';
import { checkWithLive, FolderCheck, FolderOutcome, userAgent } from '../checkFolder';
import { defaultCacheFolder, ResponseCache } from './cache';
import { createClient, describeFailure, GitHubClient, RateLimitWait, responseOf } from './client';
import { At, ContentEntry, contentsOf, readRemoteFile, workflowTexts } from './contents';
import type { LiveTarget } from './liveEvidence';
import { readLiveEvidenceFor } from './readLive';

/** A repository on GitHub named on the command line as `github:OWNER/REPO[@REF]`. */
export interface RemoteRepository {
  owner: string;
  repo: string;
  /** A branch, tag or commit; the default branch when absent. */
  ref?: string;
}

/** `github:OWNER/REPO[@REF]`, or undefined when the argument is not of that form (a folder). */
export function parseRemoteRepository(argument: string): RemoteRepository | undefined {
  const match = /^github:([^/\s@]+)\/([^/\s@]+)(?:@(\S+))?$/.exec(argument);
  return match ? { owner: match[1], repo: match[2].replace(/\.git$/, ''), ref: match[3] } : undefined;
}

export interface RemoteRead {
  apiUrl: string;
  token?: string;
  cacheFolder?: string;
  userAgent: string;
  policyFile?: string;
  artifactsFolder?: string;
  now?: Date;
  rateLimitWait?: RateLimitWait;
}

/** A repository or ref that could not be read: the line to show, and the failed request's error. */
export interface RemoteFailure {
  error: string;
  cause: unknown;
}

/**
 * Reads the files the engine needs from a repository on GitHub at one commit, through the contents API
 * (no clone): the same files, found by the same policy patterns, as the folder reader reads from disk.
 * The target is the repository, the branch (the ref when it is not a commit id) and the commit the ref
 * resolves to, for the live reads. A repository or ref that cannot be read is an error.
 */
export async function readRemoteWorkspace(remote: RemoteRepository, options: RemoteRead): Promise<{ snapshot: WorkspaceSnapshot; policyFile?: string; target: LiveTarget } | RemoteFailure> {
  const client = createClient({ apiUrl: options.apiUrl, token: options.token, cache: new ResponseCache(options.cacheFolder ?? defaultCacheFolder()), userAgent: options.userAgent, rateLimitWait: options.rateLimitWait });
  const repo = { owner: remote.owner, repo: remote.repo };
  const name = `${remote.owner}/${remote.repo}`;
  let ref = remote.ref;
  let sha: string;
  let tag: string | undefined;
  try {
    ref ??= (await client.request('GET /repos/{owner}/{repo}', repo)).data.default_branch;
    const tagged = remote.ref === undefined || /^[0-9a-f]{40}$/i.test(ref) ? undefined : await tagCommit(client, repo, ref);
    if (tagged) tag = ref;
    sha = tagged ?? (await client.request('GET /repos/{owner}/{repo}/commits/{ref}', { ...repo, ref })).data.sha;
  } catch (error) {
    return { error: `${name}${remote.ref ? `@${remote.ref}` : ''}: ${describeFailure(error)}`, cause: error };
  }
  const files = new Map<string, string>();
  const skipped = new Map<string, string>();
  const read = (path: string) => readRemoteFile(client, { ...repo, ref: sha }, path, files, skipped);
  const policyFile = options.policyFile?.replace(/^\.\//, '');
  // The policy decides which other files matter, so it is read first.
  await read(policyFile ?? workspacePolicyFile);
  const now = options.now ?? new Date();
  const { policy } = resolvePolicy(new WorkspaceModel({ files, now }), policyFile, options.artifactsFolder);
  // One listing per folder says which of the policy's files exist, instead of a 404 for each absent one.
  const listings = new Map<string, Promise<Listing>>();
  const listingOf = (folder: string) => {
    let listing = listings.get(folder);
    if (!listing) listings.set(folder, (listing = listFolder(client, { ...repo, ref: sha }, folder)));
    return listing;
  };
  for (const pattern of workspaceFilePatterns(policy, policyFile)) {
    const folder = pattern.slice(0, Math.max(0, pattern.lastIndexOf('/')));
    const listing = folder ? await listingOf(folder) : undefined;
    if (!pattern.includes('*')) {
      // The contents API lists at most 1,000 entries of a folder; past that, or unlisted, the file is asked for.
      if (!listing || 'error' in listing || listing.entries.length >= maxListedEntries || listing.entries.some((e) => e.path === pattern)) await read(pattern);
      continue;
    }
    if (listing && 'error' in listing) skipped.set(folder, `it could not be listed on GitHub (${listing.error})`);
    if (!listing || 'error' in listing) continue;
    const regex = patternRegex(pattern);
    for (const entry of listing.entries) if (entry.type === 'file' && regex.test(entry.path)) await read(entry.path);
  }
  // Rules are per branch: a tag or a commit is checked without any branch's rules.
  const branch = tag !== undefined || /^[0-9a-f]{40}$/i.test(ref) ? undefined : ref;
  const noBranch = tag !== undefined ? `${tag} is a tag; rules apply to branches (name a branch as @BRANCH to check its rules)` : branch === undefined ? `${ref} is a commit; rules apply to branches (name a branch as @BRANCH to check its rules)` : undefined;
  const calledWorkflows = await fetchCalledWorkflows(client, workflowTexts(files));
  return {
    snapshot: { files, skipped, headSha: sha, now, ...(calledWorkflows.size > 0 ? { calledWorkflows } : {}) },
    policyFile,
    target: { apiUrl: options.apiUrl.replace(/\/+$/, ''), owner: remote.owner, repo: remote.repo, branch, sha, ...(noBranch ? { noBranch } : {}) },
  };
}

/** The commit a tag points at (through an annotated tag's object), or undefined when there is no such tag. */
async function tagCommit(client: GitHubClient, repo: { owner: string; repo: string }, name: string): Promise<string | undefined> {
  let object: { type: string; sha: string };
  try {
    object = (await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref: `tags/${name}` })).data.object;
  } catch (error) {
    if (responseOf(error)?.status === 404) return undefined;
    throw error;
  }
  // An annotated tag is an object of its own that names the commit; tags of tags are followed a few levels.
  for (let level = 0; object.type === 'tag' && level < 5; level++) object = (await client.request('GET /repos/{owner}/{repo}/git/tags/{tag_sha}', { ...repo, tag_sha: object.sha })).data.object;
  return object.type === 'commit' ? object.sha : undefined;
}

/** Reads a repository on GitHub and its live evidence, and checks it; an error when the repository or ref cannot be read. */
export async function checkRemote(remote: RemoteRepository, options: Pick<FolderCheck, 'policy' | 'artifacts' | 'playbook' | 'log'> & { apiUrl: string; token?: string; rateLimitWait?: RateLimitWait }): Promise<FolderOutcome | RemoteFailure> {
  const { token, rateLimitWait } = options;
  const read = await readRemoteWorkspace(remote, { apiUrl: options.apiUrl, token, userAgent, policyFile: options.policy, artifactsFolder: options.artifacts, rateLimitWait });
  if ('error' in read) return read;
  const live = await readLiveEvidenceFor(read.target, read.snapshot, { token, policyFile: read.policyFile, artifactsFolder: options.artifacts, userAgent, rateLimitWait });
  return checkWithLive(read.snapshot, read.policyFile, live, options);
}

/** A folder's entries; none when it does not exist; the failure when it could not be listed. */
type Listing = { entries: ContentEntry[] } | { error: string };
const maxListedEntries = 1000;

async function listFolder(client: GitHubClient, at: At, folder: string): Promise<Listing> {
  try {
    const entry = await contentsOf(client, at, folder);
    return { entries: Array.isArray(entry) ? entry : [] };
  } catch (error) {
    return { error: describeFailure(error) };
  }
}

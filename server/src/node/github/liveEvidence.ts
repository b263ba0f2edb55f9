import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import type { LiveEvidence, LiveFile, LiveRead, LiveRequiredCheck, LiveRules } from '../../core/live';
import { ResponseCache, writeAtomically } from './cache';
import { createClient, describeFailure, GitHubClient, RateLimitWait, responseOf } from './client';

export interface LiveTarget {
  apiUrl: string;
  owner: string;
  repo: string;
  branch?: string;
  sha?: string;
  /** Why no branch's rules are read, when the target is a tag or a commit rather than a branch. */
  noBranch?: string;
}

export interface FetchOptions {
  token?: string;
  cacheFolder: string;
  userAgent: string;
  /** Where the policy reads the commit's check runs from, e.g. artifacts/check_runs.json. */
  checkRunsPath?: string;
  /** The workspace folder the CI artifacts belong in, e.g. artifacts. */
  artifactsFolder: string;
  now?: () => Date;
  rateLimitWait?: RateLimitWait;
}

/** Artifacts larger than this (unpacked) are not evidence reports; they are not unpacked. */
const maxUnpackedBytes = 50 * 1024 * 1024;
/** Only JSON reports count as the artifacts folder would; other files of an artifact are left out. */
const evidenceFile = /\.json$/i;

interface CheckRunLike {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  app?: { id?: number } | null;
}

/**
 * Reads what GitHub knows about a commit and its branch: the effective rules, classic protection where
 * the token may read it, the commit's check runs (else its Actions jobs), and the reports inside the CI
 * artifacts of the commit's workflow runs. A failed read is recorded and the others go on.
 */
export async function fetchLiveEvidence(target: LiveTarget, options: FetchOptions): Promise<LiveEvidence> {
  const now = options.now ?? (() => new Date());
  const cache = new ResponseCache(options.cacheFolder);
  const servedFromCache = new Map<string, string>();
  const client = createClient({ apiUrl: target.apiUrl, token: options.token, cache, userAgent: options.userAgent, servedFromCache, rateLimitWait: options.rateLimitWait });
  const repo = { owner: target.owner, repo: target.repo };
  const live: LiveEvidence = { repo: `${target.owner}/${target.repo}`, apiUrl: target.apiUrl, branch: target.branch, sha: target.sha, checkedAt: now().toISOString(), files: [], reads: [], errors: [] };
  const record = (read: LiveRead) => {
    live.reads.push(read);
    if (read.outcome === 'failed') live.errors.push(`${read.what}: ${read.detail}`);
  };
  const attempt = async <T>(what: string, endpoint: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      const value = await read();
      record({ what, endpoint, outcome: 'read' });
      return value;
    } catch (error) {
      record({ what, endpoint, outcome: 'failed', detail: describeFailure(error, now()) });
      return undefined;
    }
  };

  live.account = await accountOf(client);

  if (target.branch) {
    const branch = target.branch;
    const rulesEndpoint = `GET /repos/${live.repo}/rules/branches/${branch}`;
    const rules = await attempt('branch rules', rulesEndpoint, () => client.paginate('GET /repos/{owner}/{repo}/rules/branches/{branch}', { ...repo, branch, per_page: 100 }));
    const classic = await readClassicProtection(client, repo, branch, live, record);
    if (rules) live.rules = toLiveRules(rules as RuleEntry[], classic);
  } else {
    record({ what: 'branch rules', endpoint: `GET /repos/${live.repo}/rules/branches/{branch}`, outcome: 'skipped', detail: target.noBranch ?? 'HEAD is detached and no branch was given (--branch)' });
  }

  if (!target.sha) {
    record({ what: 'CI outcomes and artifacts', endpoint: `GET /repos/${live.repo}/commits/{sha}/check-runs`, outcome: 'skipped', detail: 'no commit (the folder has no git HEAD and no --sha was given)' });
  } else {
    const sha = target.sha;
    const runsEndpoint = `GET /repos/${live.repo}/actions/runs?head_sha=${sha}`;
    let runs: WorkflowRunLike[] | undefined;
    const workflowRuns = async () => (runs ??= (await attempt('workflow runs of the commit', runsEndpoint, () => client.paginate('GET /repos/{owner}/{repo}/actions/runs', { ...repo, head_sha: sha, per_page: 100 }))) as WorkflowRunLike[] | undefined);
    if (options.checkRunsPath) {
      const checkRuns = await readCheckRuns(client, repo, sha, live, record, workflowRuns);
      if (checkRuns) live.files.push({ path: options.checkRunsPath, text: `${JSON.stringify({ total_count: checkRuns.runs.length, check_runs: checkRuns.runs }, null, 2)}\n`, source: checkRuns.source });
    }
    for (const run of (await workflowRuns()) ?? []) {
      const artifacts = await attempt(`artifacts of run ${run.id}`, `GET /repos/${live.repo}/actions/runs/${run.id}/artifacts`, () => client.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', { ...repo, run_id: run.id, per_page: 100 }));
      for (const artifact of (artifacts ?? []) as ArtifactLike[]) {
        if (artifact.expired) continue;
        const files = await attempt(`artifact ${artifact.name}`, `GET /repos/${live.repo}/actions/artifacts/${artifact.id}/zip`, () => unpackedArtifact(client, cache, repo, sha, artifact));
        for (const file of files ?? []) {
          live.files.push({ ...file, path: `${options.artifactsFolder.replace(/\/+$/, '')}/${file.path}`, source: `artifact ${artifact.name} of run ${run.id}${run.name ? ` (${run.name})` : ''}` });
        }
      }
    }
  }
  if (servedFromCache.size > 0) {
    const oldest = [...servedFromCache.values()].sort()[0];
    live.errors.push(`the API could not be reached; ${servedFromCache.size} response(s) come from the cache, the oldest fetched ${oldest}`);
  }
  return live;
}

async function accountOf(client: GitHubClient): Promise<string | undefined> {
  try {
    return (await client.request('GET /user')).data.login;
  } catch {
    // Installation tokens (GITHUB_TOKEN in Actions) have no user; the account is only shown, never needed.
    return undefined;
  }
}

interface RuleEntry {
  type: string;
  parameters?: { required_status_checks?: { context: string; integration_id?: number }[] };
  ruleset_id?: number;
  ruleset_source?: string;
  ruleset_source_type?: string;
}

function toLiveRules(entries: RuleEntry[], classic: LiveRequiredCheck[]): LiveRules {
  const requiredChecks: LiveRequiredCheck[] = [];
  const rulesets = new Map<number, LiveRules['rulesets'][number]>();
  for (const entry of entries) {
    const source = `ruleset ${entry.ruleset_id ?? '?'}${entry.ruleset_source ? ` (${entry.ruleset_source_type ?? 'source'} ${entry.ruleset_source})` : ''}`;
    if (entry.ruleset_id !== undefined) rulesets.set(entry.ruleset_id, { id: entry.ruleset_id, source: entry.ruleset_source ?? '', sourceType: entry.ruleset_source_type ?? '' });
    if (entry.type !== 'required_status_checks') continue;
    for (const check of entry.parameters?.required_status_checks ?? []) {
      requiredChecks.push({ context: check.context, ...(check.integration_id !== undefined ? { integrationId: check.integration_id } : {}), source });
    }
  }
  for (const check of classic) if (!requiredChecks.some((c) => c.context === check.context)) requiredChecks.push(check);
  return { requiredChecks, mergeQueue: entries.some((e) => e.type === 'merge_queue'), rulesets: [...rulesets.values()] };
}

async function readClassicProtection(client: GitHubClient, repo: { owner: string; repo: string }, branch: string, live: LiveEvidence, record: (read: LiveRead) => void): Promise<LiveRequiredCheck[]> {
  const what = 'classic branch protection';
  const endpoint = `GET /repos/${live.repo}/branches/${branch}/protection/required_status_checks`;
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks', { ...repo, branch });
    live.classicProtection = 'read';
    record({ what, endpoint, outcome: 'read' });
    const checks = data.checks?.map((c) => ({ context: c.context, appId: c.app_id ?? undefined })) ?? (data.contexts ?? []).map((context) => ({ context, appId: undefined }));
    return checks.map((c) => ({ context: c.context, ...(c.appId != null ? { integrationId: c.appId } : {}), source: 'classic branch protection' }));
  } catch (error) {
    const status = responseOf(error)?.status;
    // Without administration read, GitHub answers 403 or 404 whether or not the branch is protected.
    if (status === 403 || status === 404) {
      live.classicProtection = 'not visible to this account';
      record({ what, endpoint, outcome: 'not visible', detail: 'not visible to this account (administration read is needed); this does not mean the branch is unprotected' });
    } else {
      record({ what, endpoint, outcome: 'failed', detail: describeFailure(error) });
    }
    return [];
  }
}

interface WorkflowRunLike {
  id: number;
  name?: string | null;
}

async function readCheckRuns(
  client: GitHubClient,
  repo: { owner: string; repo: string },
  sha: string,
  live: LiveEvidence,
  record: (read: LiveRead) => void,
  workflowRuns: () => Promise<WorkflowRunLike[] | undefined>,
): Promise<{ runs: CheckRunLike[]; source: string } | undefined> {
  const endpoint = `GET /repos/${live.repo}/commits/${sha}/check-runs`;
  try {
    const runs = (await client.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref: sha, filter: 'latest', per_page: 100 })) as CheckRunLike[];
    record({ what: 'check runs of the commit', endpoint, outcome: 'read' });
    return { runs: latestPerName(runs.map(checkRunFields)), source: `check runs of ${sha.slice(0, 7)}` };
  } catch (error) {
    const status = responseOf(error)?.status;
    if (status !== 403 && status !== 404) {
      record({ what: 'check runs of the commit', endpoint, outcome: 'failed', detail: describeFailure(error) });
      return undefined;
    }
    // Fine-grained tokens may not be granted checks read; every Actions job is a check run of the same id and name.
    record({ what: 'check runs of the commit', endpoint, outcome: 'not visible', detail: `${describeFailure(error)}; using the commit's Actions jobs instead` });
  }
  const runs = await workflowRuns();
  if (!runs) return undefined;
  const jobs: CheckRunLike[] = [];
  for (const run of runs) {
    const jobsEndpoint = `GET /repos/${live.repo}/actions/runs/${run.id}/jobs`;
    try {
      jobs.push(...((await client.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', { ...repo, run_id: run.id, filter: 'latest', per_page: 100 })) as CheckRunLike[]));
      record({ what: `jobs of run ${run.id}`, endpoint: jobsEndpoint, outcome: 'read' });
    } catch (error) {
      record({ what: `jobs of run ${run.id}`, endpoint: jobsEndpoint, outcome: 'failed', detail: describeFailure(error) });
      return undefined;
    }
  }
  return { runs: latestPerName(jobs.map(checkRunFields)), source: `Actions jobs of ${sha.slice(0, 7)} (the token may not read check runs)` };
}

/** The fields the check_runs contract has, from a check run or an Actions job. */
function checkRunFields(run: CheckRunLike): CheckRunLike {
  return { id: run.id, name: run.name, head_sha: run.head_sha, status: run.status, conclusion: run.conclusion ?? null, started_at: run.started_at ?? null, completed_at: run.completed_at ?? null };
}

/** A re-run keeps the name: only the latest attempt (latest start, then highest id) is the outcome. */
function latestPerName(runs: CheckRunLike[]): CheckRunLike[] {
  const byName = new Map<string, CheckRunLike>();
  const start = (run: CheckRunLike) => Date.parse(run.started_at ?? '') || 0;
  for (const run of runs) {
    const seen = byName.get(run.name);
    if (!seen || start(run) > start(seen) || (start(run) === start(seen) && run.id > seen.id)) byName.set(run.name, run);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

interface ArtifactLike {
  id: number;
  name: string;
  expired: boolean;
}

/**
 * The JSON files of an artifact, unpacked once into the cache (keyed by commit and artifact id: an
 * artifact never changes). The zip URL GitHub redirects to is short-lived and carries its own signature,
 * so it is fetched without the token.
 */
async function unpackedArtifact(client: GitHubClient, cache: ResponseCache, repo: { owner: string; repo: string }, sha: string, artifact: ArtifactLike): Promise<Omit<LiveFile, 'source'>[]> {
  const folder = cache.artifactFolder(sha, artifact.id);
  const manifest = path.join(folder, '.files.json');
  if (!fs.existsSync(manifest)) {
    const redirect = await client.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', { ...repo, artifact_id: artifact.id, archive_format: 'zip', request: { redirect: 'manual' } });
    const location = (redirect.headers as Record<string, string | undefined>).location;
    if (!location) throw new Error(`no download location for artifact ${artifact.name} (HTTP ${redirect.status})`);
    const response = await fetch(location, { redirect: 'follow', signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`the artifact download answered HTTP ${response.status} (its link expires about a minute after it is issued)`);
    const entries = unzipJson(new Uint8Array(await response.arrayBuffer()));
    for (const [name, bytes] of entries) writeAtomically(path.join(folder, name), bytes);
    writeAtomically(manifest, JSON.stringify([...entries.keys()]));
  }
  const names = JSON.parse(fs.readFileSync(manifest, 'utf8')) as string[];
  return names.map((name) => ({ path: name, text: fs.readFileSync(path.join(folder, name), 'utf8'), location: path.join(folder, name) }));
}

/** The JSON entries of a zip, by a path that stays inside its folder; bounded so a zip bomb cannot fill the disk. */
export function unzipJson(zip: Uint8Array): Map<string, Uint8Array> {
  let total = 0;
  const entries = unzipSync(zip, {
    filter: (file) => {
      if (!evidenceFile.test(file.name) || !isSafeEntryName(file.name)) return false;
      total += file.originalSize;
      if (total > maxUnpackedBytes) throw new Error(`the artifact unpacks to more than ${maxUnpackedBytes / (1024 * 1024)} MB of JSON`);
      return true;
    },
  });
  return new Map(Object.entries(entries));
}

function isSafeEntryName(name: string): boolean {
  return !name.startsWith('/') && !name.includes('\\') && name.split('/').every((part) => part !== '..' && part !== '' && part !== '.');
}

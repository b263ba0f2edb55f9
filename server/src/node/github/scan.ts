import * as fs from 'node:fs';
import type { PlaybookSetting } from '../../core/adoption';
import { JsonDiagnostic, toJsonDiagnostic } from '../../core/output/json';
import type { Severity, Verdict } from '../../core/types';
import { userAgent } from '../checkFolder';
import { defaultCacheFolder, ResponseCache } from './cache';
import { createClient, describeFailure, GitHubClient, isRateLimited, RateLimitWait, responseOf } from './client';
import { checkRemote } from './remoteWorkspace';

/** One repository to scan; what the organisation's listing already says about it, when it was listed. */
export interface ScanTarget {
  owner: string;
  repo: string;
  archived?: boolean;
  defaultBranch?: string;
}

export type SkipReason = 'archived' | 'no-access' | 'empty';

/** One line of the scan's JSON Lines: a repository checked, skipped, or failed (failed ones are tried again on resumption). */
export type ScanRecord =
  | {
      repo: string;
      outcome: 'checked';
      verdict: Verdict;
      mode: 'adopted' | 'not-adopted';
      branch?: string;
      sha?: string;
      counts: Record<Severity, number>;
      requiredCheckFindings: JsonDiagnostic[];
      githubErrors: string[];
      checkedAt: string;
    }
  | { repo: string; outcome: 'skipped'; reason: SkipReason; detail?: string; checkedAt: string }
  | { repo: string; outcome: 'failed'; detail: string; checkedAt: string };

export interface ScanOptions {
  apiUrl: string;
  token?: string;
  concurrency: number;
  /** Check archived repositories too; by default they are recorded as skipped. */
  includeArchived?: boolean;
  policy?: string;
  artifacts?: string;
  playbook?: PlaybookSetting;
  cacheFolder?: string;
  /** Progress and rate-limit waits, one line each. */
  log: (message: string) => void;
  /** Called with each record as soon as it is made, in completion order. */
  record: (record: ScanRecord) => void;
}

/** A scan outlasts a primary rate limit's window (an hour at most): it waits for GitHub's reset, a few times. */
const scanRateLimitWait = { maxSeconds: 3700, retries: 5 };

/** Findings about required status checks: the checks a branch's merge waits for. */
const requiredCheckRule = /^(required-check-|required-job-|ruleset-|workflow-required-job$)/;

/** The repositories of an organisation, or of a user when no organisation has that name. */
export async function listRepositories(owner: string, options: Pick<ScanOptions, 'apiUrl' | 'token' | 'cacheFolder' | 'log'>): Promise<ScanTarget[]> {
  const client = scanClient(options);
  type Listed = { name: string; owner: { login: string }; archived?: boolean; default_branch?: string };
  const target = (r: Listed): ScanTarget => ({ owner: r.owner.login, repo: r.name, archived: r.archived ?? false, defaultBranch: r.default_branch });
  try {
    return ((await client.paginate('GET /orgs/{org}/repos', { org: owner, per_page: 100 })) as Listed[]).map(target);
  } catch (error) {
    if (responseOf(error)?.status !== 404) throw error;
  }
  return ((await client.paginate('GET /users/{username}/repos', { username: owner, per_page: 100 })) as Listed[]).map(target);
}

/** `OWNER/REPO` per line; blank lines and `#` comments are ignored. A line of another form is an error naming it. */
export function parseRepositoryList(text: string): ScanTarget[] | { error: string } {
  const targets: ScanTarget[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*/, '').trim();
    if (!line) continue;
    const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(line);
    if (!match) return { error: `line ${i + 1} is not OWNER/REPO: "${lines[i]}"` };
    targets.push({ owner: match[1], repo: match[2].replace(/\.git$/, '') });
  }
  return targets;
}

/** Checks every target, `concurrency` at a time, each through the same remote check as `check github:OWNER/REPO`. */
export async function scanRepositories(targets: ScanTarget[], options: ScanOptions): Promise<ScanRecord[]> {
  const client = scanClient(options);
  const records: ScanRecord[] = [];
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const target = targets[next++];
      const record = await scanRepository(client, target, options);
      records.push(record);
      options.log(`[${records.length}/${targets.length}] ${describeRecord(record)}`);
      options.record(record);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, worker));
  return records;
}

function scanClient(options: Pick<ScanOptions, 'apiUrl' | 'token' | 'cacheFolder' | 'log'>): GitHubClient {
  return createClient({ apiUrl: options.apiUrl, token: options.token, cache: new ResponseCache(options.cacheFolder ?? defaultCacheFolder()), userAgent, rateLimitWait: rateLimitWaitFor(options.log) });
}

function rateLimitWaitFor(log: (message: string) => void): RateLimitWait {
  return { ...scanRateLimitWait, onWait: (seconds, request) => log(`rate limited; waiting ${seconds} s for GitHub's reset before ${request}`) };
}

async function scanRepository(client: GitHubClient, target: ScanTarget, options: ScanOptions): Promise<ScanRecord> {
  const repo = `${target.owner}/${target.repo}`;
  const checkedAt = () => new Date().toISOString();
  let { archived, defaultBranch } = target;
  if (archived === undefined || defaultBranch === undefined) {
    try {
      const { data } = await client.request('GET /repos/{owner}/{repo}', { owner: target.owner, repo: target.repo });
      archived = data.archived;
      defaultBranch = data.default_branch;
    } catch (error) {
      return failureRecord(repo, error, describeFailure(error), checkedAt());
    }
  }
  if (archived && !options.includeArchived) return { repo, outcome: 'skipped', reason: 'archived', checkedAt: checkedAt() };
  const outcome = await checkRemote(
    { owner: target.owner, repo: target.repo, ref: defaultBranch },
    { apiUrl: options.apiUrl, token: options.token, policy: options.policy, artifacts: options.artifacts, playbook: options.playbook, log: (line) => options.log(`${repo}: ${line}`), rateLimitWait: rateLimitWaitFor(options.log) },
  );
  if ('error' in outcome) return failureRecord(repo, outcome.cause, describeFailure(outcome.cause), checkedAt());
  const { result, snapshot, githubErrors } = outcome;
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const finding of result.findings) counts[finding.severity]++;
  return {
    repo,
    outcome: 'checked',
    verdict: result.verdict,
    mode: result.mode.playbook,
    branch: snapshot.live?.branch,
    sha: snapshot.headSha,
    counts,
    requiredCheckFindings: result.findings.filter((f) => requiredCheckRule.test(f.rule)).map(toJsonDiagnostic),
    githubErrors,
    checkedAt: checkedAt(),
  };
}

/** No access (403/404 that is not a rate limit) and an empty repository (409) are skips; anything else failed and is retried next time. */
function failureRecord(repo: string, error: unknown, detail: string, checkedAt: string): ScanRecord {
  const response = responseOf(error);
  if (response && !isRateLimited(response) && (response.status === 403 || response.status === 404)) return { repo, outcome: 'skipped', reason: 'no-access', detail, checkedAt };
  if (response?.status === 409) return { repo, outcome: 'skipped', reason: 'empty', detail, checkedAt };
  return { repo, outcome: 'failed', detail, checkedAt };
}

/** The progress line of one record. */
function describeRecord(record: ScanRecord): string {
  if (record.outcome === 'skipped') return `${record.repo}: skipped (${record.reason})`;
  if (record.outcome === 'failed') return `${record.repo}: failed: ${record.detail}`;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${record.repo}: ${record.verdict}, ${plural(record.counts.error, 'error')}, ${plural(record.counts.warning, 'warning')}, ${plural(record.requiredCheckFindings.length, 'required-check finding')}`;
}

const outcomes = new Set(['checked', 'skipped', 'failed']);

/**
 * The records of a JSON Lines file. A last line cut short (a run interrupted mid-write) is left out and its
 * offset returned, so that a resumed run can write from there; any other line that is not a record is an error.
 */
export function readScanRecords(file: string): { records: ScanRecord[]; validLength: number } | { error: string } {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const records: ScanRecord[] = [];
  let offset = 0;
  let line = 0;
  while (offset < text.length) {
    line++;
    const end = text.indexOf('\n', offset);
    const complete = end !== -1;
    const body = text.slice(offset, complete ? end : text.length);
    let record: unknown;
    try {
      record = JSON.parse(body);
    } catch {
      record = undefined;
    }
    const valid = typeof record === 'object' && record !== null && typeof (record as ScanRecord).repo === 'string' && outcomes.has((record as ScanRecord).outcome);
    if (!valid && !complete) break;
    if (!valid && body.trim() !== '') return { error: `${file}: line ${line} is not a scan record` };
    if (valid) records.push(record as ScanRecord);
    offset = complete ? end + 1 : text.length;
  }
  return { records, validLength: Buffer.byteLength(text.slice(0, offset)) };
}

/**
 * The record that stands for each repository across several files (shards, resumed runs): a checked or skipped
 * record over a failed one, else the later one. Sorted by repository.
 */
export function mergeScanRecords(records: ScanRecord[]): ScanRecord[] {
  const byRepo = new Map<string, ScanRecord>();
  for (const record of records) {
    const held = byRepo.get(record.repo);
    if (!held || held.outcome === 'failed' || record.outcome !== 'failed') byRepo.set(record.repo, record);
  }
  return [...byRepo.values()].sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0));
}

import Ajv, { ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { zipSync, strToU8 } from 'fflate';

/**
 * A loopback GitHub REST API for the tests. Every request is matched to an operation of GitHub's own OpenAPI
 * description (@octokit/openapi) and its query parameters checked against it; every response body is
 * validated against that operation's response schema before it is sent, so the fake cannot drift from the
 * real API. Serves pagination with Link headers, ETag/304, rate limits, 404 for hidden protection, and
 * artifact zips through a redirect to a second loopback host whose signed URL expires.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require('@octokit/openapi/generated/api.github.com.json') as OpenApi;

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter>; examples: Record<string, { value: unknown }>; schemas: Record<string, unknown> };
}
interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}
interface Parameter {
  name: string;
  in: string;
  schema?: unknown;
}

/** OpenAPI 3.0's `nullable` without `type` (which ajv refuses to compile) as the JSON Schema it means: the schema, or null. */
function typelessNullable(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  for (const value of Object.values(node)) typelessNullable(value);
  const schema = node as Record<string, unknown>;
  if (schema.nullable !== true || 'type' in schema) return;
  delete schema.nullable;
  const inner = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [inner, { type: 'null' }];
}
typelessNullable(spec.components.schemas);
typelessNullable(spec.paths);

const ajv = new Ajv({ strict: false, validateSchema: false, validateFormats: false, allErrors: true });
ajv.addSchema(spec as object, 'gh');
const validators = new Map<string, ValidateFunction>();

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function validatorFor(ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
  return validate;
}

/** A copy of one of the specification's own examples. */
export function example<T = Record<string, unknown>>(name: string): T {
  return structuredClone(spec.components.examples[name].value) as T;
}

export interface FakeArtifact {
  id: number;
  name: string;
  files: Record<string, string>;
  expired?: boolean;
}

export interface FakeRun {
  id: number;
  name: string;
  jobs: { id: number; name: string; status: string; conclusion: string | null; started_at: string }[];
  artifacts: FakeArtifact[];
}

/** Another repository of the owner: served like the main one, from its own fields where given, else the main one's. */
export interface FakeRepository extends Partial<Pick<FakeState, 'branch' | 'sha' | 'rules' | 'classicChecks' | 'checkRuns' | 'runs' | 'trees' | 'refs'>> {
  name: string;
  archived?: boolean;
  /** Listed, but every read of it answers this: 404 (not visible to the token) or 403 (e.g. SAML enforcement). */
  access?: 403 | 404;
  /** No commit yet: its commits answer 409 as GitHub does for an empty repository. */
  empty?: boolean;
}

/** What the fake GitHub knows: one repository, one branch, one commit (and the owner's other repositories). */
export interface FakeState {
  owner: string;
  repo: string;
  branch: string;
  sha: string;
  login?: string;
  /** Entries of GET /rules/branches/{branch}; built to the repository-rule-detailed schema. */
  rules: Record<string, unknown>[];
  /** Classic protection's required checks, or hidden (404 as for a token without administration read). */
  classicChecks?: { context: string; app_id: number | null }[];
  /** Check runs of the commit; `forbidden` answers 403 as for a fine-grained token. */
  checkRuns: { name: string; status: string; conclusion: string | null; started_at: string; id: number }[] | 'forbidden';
  runs: FakeRun[];
  /** The repository's files at each commit it serves through the contents API: sha → path → text. */
  trees: Record<string, Record<string, string>>;
  /** Branches and tags: name → commit sha; the branch points at the commit. */
  refs: Record<string, string>;
  /** Tags served by the git refs API: name → the commit, and the tag object's sha when it is annotated. */
  tags?: Record<string, { commit: string; annotated?: string }>;
  /** Repositories of other owners whose files the contents API serves, e.g. reusable workflows: OWNER/REPO → ref → path → text. */
  foreignRepositories?: Record<string, Record<string, Record<string, string>>>;
  /** The owner's other repositories, listed after the main one by GET /orgs/{org}/repos (or /users/{username}/repos). */
  repositories: FakeRepository[];
  /** Whether the owner is an organisation (default) or a user, whose repositories only /users/{username}/repos lists. */
  ownerType?: 'Organization' | 'User';
  /**
   * Answer API requests with a rate limit: every one (the reset an hour away), or, with `afterRequests`, those
   * after that many for `seconds` (the reset at its end), and then serve again.
   */
  rateLimit?: { status: 403 | 429; retryAfter?: number; afterRequests?: number; seconds?: number };
  /** The REST root's path, e.g. /api/v3 for GitHub Enterprise Server. */
  basePath: string;
  /** How long a download URL stays valid, in milliseconds. */
  downloadLifetimeMs: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  status: number;
  authorization?: string;
  host: 'api' | 'download';
}

export interface FakeGitHub {
  apiUrl: string;
  state: FakeState;
  requests: RecordedRequest[];
  /** Problems found in requests or responses (the tests assert there are none). */
  violations: string[];
  close(): Promise<void>;
}

const pageSize = 30;

export async function startFakeGitHub(initial: Partial<FakeState> & Pick<FakeState, 'sha'>): Promise<FakeGitHub> {
  const state: FakeState = { owner: 'acme', repo: 'agent-skills', branch: 'main', rules: [], checkRuns: [], runs: [], trees: {}, refs: {}, repositories: [], basePath: '', downloadLifetimeMs: 60_000, ...initial };
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const downloads = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://download');
    const artifact = state.runs.flatMap((r) => r.artifacts).find((a) => String(a.id) === url.searchParams.get('artifact'));
    const expired = Number(url.searchParams.get('expires')) < Date.now();
    const status = !artifact ? 404 : expired ? 403 : 200;
    requests.push({ method: req.method ?? '', url: url.pathname + url.search, status, authorization: req.headers.authorization, host: 'download' });
    if (req.headers.authorization) violations.push('the download host received an Authorization header');
    if (status !== 200) return void res.writeHead(status, { 'content-type': 'application/xml' }).end('<Error><Code>AuthenticationFailed</Code></Error>');
    const zip = zipSync(Object.fromEntries(Object.entries(artifact!.files).map(([name, text]) => [name, strToU8(text)])));
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length }).end(Buffer.from(zip));
  });
  await listen(downloads);
  const downloadRoot = `http://127.0.0.1:${(downloads.address() as AddressInfo).port}`;

  let apiRequests = 0;
  let limitedUntil: number | undefined;
  /** The reset (epoch ms) of the rate limit this request falls in, if it does. */
  const rateLimitReset = (): number | undefined => {
    const limit = state.rateLimit;
    if (!limit) return undefined;
    if (limit.afterRequests === undefined) return Date.now() + 3_600_000;
    if (apiRequests <= limit.afterRequests) return undefined;
    limitedUntil ??= Date.now() + (limit.seconds ?? 1) * 1000;
    return Date.now() < limitedUntil ? limitedUntil : undefined;
  };
  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://api');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? '', url: url.pathname + url.search, status, authorization: req.headers.authorization, host: 'api' });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(body === undefined ? '' : JSON.stringify(body));
    };
    if (!url.pathname.startsWith(`${state.basePath}/`)) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const path = url.pathname.slice(state.basePath.length);
    const operation = matchOperation(req.method ?? '', path);
    if (!operation) {
      violations.push(`${req.method} ${path} is no operation of the GitHub REST API`);
      return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
    violations.push(...checkRequest(operation, url, req.headers));
    apiRequests++;
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      violations.push(...checkResponse(operation, status, body));
      if (status === 200 && body !== undefined) {
        const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
        if (req.headers['if-none-match'] === etag) return send(304, undefined, { etag, ...headers });
        return send(200, body, { etag, ...headers });
      }
      send(status, body, headers);
    };
    const reset = rateLimitReset();
    if (state.rateLimit && reset !== undefined) {
      const headers: Record<string, string> = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(reset / 1000)) };
      if (state.rateLimit.retryAfter !== undefined) headers['retry-after'] = String(state.rateLimit.retryAfter);
      return answer(state.rateLimit.status, { message: 'API rate limit exceeded for user.', documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api' }, headers);
    }
    serve(operation, state, url, downloadRoot, answer, `http://${req.headers.host}${state.basePath}`);
  });
  await listen(api);
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}${state.basePath}`;
  return {
    apiUrl,
    state,
    requests,
    violations,
    close: () => Promise.all([close(api), close(downloads)]).then(() => undefined),
  };
}

function listen(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

interface MatchedOperation {
  template: string;
  method: string;
  operation: Operation;
  params: Record<string, string>;
}

const templates = Object.keys(spec.paths).map((template) => ({
  template,
  regex: new RegExp(`^${template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`),
  names: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
}));

function matchOperation(method: string, path: string): MatchedOperation | undefined {
  // Literal segments beat parameters (/user is not /users/{username}); the longest literal template wins.
  const found = templates.filter((t) => t.regex.test(path) && spec.paths[t.template][method.toLowerCase()]).sort((a, b) => b.template.replace(/\{[^}]+\}/g, '').length - a.template.replace(/\{[^}]+\}/g, '').length)[0];
  if (!found) return undefined;
  const values = found.regex.exec(path)!.slice(1).map(decodeURIComponent);
  return { template: found.template, method: method.toLowerCase(), operation: spec.paths[found.template][method.toLowerCase()], params: Object.fromEntries(found.names.map((n, i) => [n, values[i]])) };
}

function parametersOf(operation: Operation): Parameter[] {
  return (operation.parameters ?? []).map((p) => ('$ref' in p ? spec.components.parameters[p.$ref.split('/').pop()!] : p));
}

function checkRequest(matched: MatchedOperation, url: URL, headers: http.IncomingHttpHeaders): string[] {
  const problems: string[] = [];
  const where = `${matched.method.toUpperCase()} ${matched.template}`;
  const query = parametersOf(matched.operation).filter((p) => p.in === 'query');
  for (const [name, value] of url.searchParams) {
    const parameter = query.find((p) => p.name === name);
    if (!parameter) {
      problems.push(`${where}: query parameter "${name}" is not in the operation`);
      continue;
    }
    const schema = parameter.schema as { type?: string } | undefined;
    const typed = schema?.type === 'integer' || schema?.type === 'number' ? Number(value) : schema?.type === 'boolean' ? value === 'true' : value;
    if (schema && !ajv.validate(schema, typed)) problems.push(`${where}: query parameter ${name}=${value}: ${ajv.errorsText()}`);
  }
  if (headers.authorization && !/^(token|bearer) \S+$/i.test(headers.authorization)) problems.push(`${where}: malformed Authorization header`);
  if (!headers['user-agent']) problems.push(`${where}: no User-Agent (GitHub refuses such requests)`);
  return problems;
}

const anyOperationStatuses = [401, 403, 404, 429];

function checkResponse(matched: MatchedOperation, status: number, body: unknown): string[] {
  const declared = matched.operation.responses[String(status)];
  if (!declared) {
    // GitHub answers these for any operation (token, permission, absence, rate limit) with its basic error body.
    if (!anyOperationStatuses.includes(status)) return [`${matched.method.toUpperCase()} ${matched.template}: the fake answered ${status}, which the operation does not declare`];
    const validate = validatorFor(`gh#/${pointer('components', 'schemas', 'basic-error')}`);
    return validate(body) ? [] : [`${matched.method.toUpperCase()} ${matched.template} ${status}: the error body is not a basic-error: ${ajv.errorsText(validate.errors)}`];
  }
  const content = declared.$ref ? (spec as unknown as { components: { responses: Record<string, { content?: Record<string, unknown> }> } }).components.responses[declared.$ref.split('/').pop()!].content : declared.content;
  if (!content?.['application/json'] || body === undefined) return [];
  const ref = declared.$ref
    ? `gh#/${pointer('components', 'responses', declared.$ref.split('/').pop()!, 'content', 'application/json', 'schema')}`
    : `gh#/${pointer('paths', matched.template, matched.method, 'responses', String(status), 'content', 'application/json', 'schema')}`;
  const validate = validatorFor(ref);
  return validate(body) ? [] : [`${matched.method.toUpperCase()} ${matched.template} ${status}: the response does not follow the schema: ${ajv.errorsText(validate.errors)}`];
}

type Answer = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** Items of one page, with the Link header GitHub sends. */
function paginate<T>(items: T[], url: URL, root: string): { page: T[]; headers: Record<string, string> } {
  const perPage = Number(url.searchParams.get('per_page') ?? pageSize);
  const page = Number(url.searchParams.get('page') ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const next = new URL(url.pathname + url.search, root);
    next.searchParams.set('page', String(n));
    return `<${root.replace(/\/api\/v3$/, '')}${next.pathname}${next.search}>; rel="${rel}"`;
  };
  const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
  return { page: items.slice((page - 1) * perPage, page * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

function serve(matched: MatchedOperation, owner: FakeState, url: URL, downloadRoot: string, answer: Answer, root: string): void {
  const { params, template } = matched;
  const notFound = () => answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  if (template === '/user') return answer(200, { ...example<Record<string, unknown>>('private-user'), login: owner.login ?? 'octocat' });
  if (template === '/orgs/{org}/repos' || template === '/users/{username}/repos') {
    const isOrganisation = (owner.ownerType ?? 'Organization') === 'Organization';
    if ((params.org ?? params.username) !== owner.owner || (template === '/orgs/{org}/repos' && !isOrganisation)) return notFound();
    const listed = [{ name: owner.repo }, ...owner.repositories].map((r) => listedRepository(owner, r));
    const { page, headers } = paginate(listed, url, root);
    return answer(200, page, headers);
  }
  const elsewhere = template === '/repos/{owner}/{repo}/contents/{path}' ? owner.foreignRepositories?.[`${params.owner}/${params.repo}`] : undefined;
  const other = owner.repositories.find((r) => r.name === params.repo);
  if (!elsewhere && (params.owner !== owner.owner || (params.repo !== owner.repo && !other))) return notFound();
  if (other?.access === 404) return notFound();
  if (other?.access === 403) return answer(403, { message: 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.', documentation_url: 'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/' });
  const state: FakeState = other ? { ...owner, ...other, repo: other.name } : owner;
  const commitOf = (ref: string) => (ref === state.branch ? state.sha : (state.refs[ref] ?? (state.trees[ref] ? ref : undefined)));
  switch (template) {
    case '/repos/{owner}/{repo}': {
      const full = example('full-repository');
      // The specification's own examples lack fields its schemas require (has_discussions here, the files' sha below).
      return answer(200, { ...full, has_discussions: false, name: state.repo, full_name: `${state.owner}/${state.repo}`, owner: { ...(full.owner as object), login: state.owner }, default_branch: state.branch, archived: other?.archived ?? false });
    }
    case '/repos/{owner}/{repo}/commits/{ref}': {
      if (other?.empty) return answer(409, { message: 'Git Repository is empty.', documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit', status: '409' });
      const commit = commitOf(params.ref);
      return commit ? answer(200, { ...example<Record<string, unknown>>('commit'), files: [], sha: commit }) : answer(422, { message: `No commit found for SHA: ${params.ref}`, documentation_url: 'https://docs.github.com/rest/commits/commits', status: '422' });
    }
    case '/repos/{owner}/{repo}/contents/{path}': {
      const tree = elsewhere ? (elsewhere[url.searchParams.get('ref') ?? ''] ?? {}) : (state.trees[commitOf(url.searchParams.get('ref') ?? state.branch) ?? ''] ?? {});
      const entry = (path: string, type: string) => {
        const self = `${root}/repos/${state.owner}/${state.repo}/contents/${path}`;
        const blob = createHash('sha1').update(tree[path] ?? path).digest('hex');
        const html = `https://github.com/${state.owner}/${state.repo}/blob/${state.branch}/${path}`;
        return { type, size: Buffer.byteLength(tree[path] ?? ''), name: path.slice(path.lastIndexOf('/') + 1), path, sha: blob, url: self, git_url: null, html_url: html, download_url: null, _links: { self, git: null, html } };
      };
      if (params.path in tree) return answer(200, { ...entry(params.path, 'file'), encoding: 'base64', content: Buffer.from(tree[params.path]).toString('base64') });
      const children = new Map<string, string>();
      for (const file of Object.keys(tree).filter((f) => f.startsWith(`${params.path}/`))) {
        const rest = file.slice(params.path.length + 1);
        const child = rest.split('/')[0];
        children.set(`${params.path}/${child}`, child === rest ? 'file' : 'dir');
      }
      return children.size > 0 ? answer(200, [...children].map(([path, type]) => entry(path, type))) : notFound();
    }
    case '/repos/{owner}/{repo}/git/ref/{ref}': {
      const tag = params.ref.startsWith('tags/') ? state.tags?.[params.ref.slice('tags/'.length)] : undefined;
      const branch = params.ref === `heads/${state.branch}` ? state.sha : undefined;
      const object = tag ? (tag.annotated ? { type: 'tag', sha: tag.annotated } : { type: 'commit', sha: tag.commit }) : branch ? { type: 'commit', sha: branch } : undefined;
      if (!object) return notFound();
      const self = `${root}/repos/${state.owner}/${state.repo}/git/refs/${params.ref}`;
      return answer(200, { ref: `refs/${params.ref}`, node_id: 'REF_kwDOAAAB', url: self, object: { ...object, url: `${root}/repos/${state.owner}/${state.repo}/git/${object.type === 'tag' ? 'tags' : 'commits'}/${object.sha}` } });
    }
    case '/repos/{owner}/{repo}/git/tags/{tag_sha}': {
      const [name, tag] = Object.entries(state.tags ?? {}).find(([, t]) => t.annotated === params.tag_sha) ?? [];
      if (!tag) return notFound();
      return answer(200, { ...example<Record<string, unknown>>('git-tag'), tag: name, sha: tag.annotated, url: `${root}/repos/${state.owner}/${state.repo}/git/tags/${tag.annotated}`, object: { type: 'commit', sha: tag.commit, url: `${root}/repos/${state.owner}/${state.repo}/git/commits/${tag.commit}` } });
    }
    case '/repos/{owner}/{repo}/rules/branches/{branch}': {
      if (params.branch !== state.branch) return answer(200, []);
      const { page, headers } = paginate(state.rules, url, root);
      return answer(200, page, headers);
    }
    case '/repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks': {
      if (!state.classicChecks || params.branch !== state.branch) return notFound();
      const base = `${root}/repos/${state.owner}/${state.repo}/branches/${state.branch}/protection/required_status_checks`;
      return answer(200, { url: base, strict: true, contexts: state.classicChecks.map((c) => c.context), contexts_url: `${base}/contexts`, checks: state.classicChecks });
    }
    case '/repos/{owner}/{repo}/commits/{ref}/check-runs': {
      if (state.checkRuns === 'forbidden') return answer(403, { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest/checks/runs', status: '403' });
      const template = example<{ check_runs: Record<string, unknown>[] }>('check-run-paginated').check_runs[0];
      const runs = params.ref === state.sha ? state.checkRuns.map((run) => ({ ...template, ...run, head_sha: state.sha, completed_at: run.status === 'completed' ? run.started_at : null })) : [];
      const { page, headers } = paginate(runs, url, root);
      return answer(200, { total_count: runs.length, check_runs: page }, headers);
    }
    case '/repos/{owner}/{repo}/actions/runs': {
      const template = example<{ workflow_runs: Record<string, unknown>[] }>('workflow-run-paginated').workflow_runs[0];
      const runs = url.searchParams.get('head_sha') === state.sha ? state.runs.map((run) => ({ ...template, id: run.id, name: run.name, head_sha: state.sha, head_branch: state.branch })) : [];
      const { page, headers } = paginate(runs, url, root);
      return answer(200, { total_count: runs.length, workflow_runs: page }, headers);
    }
    case '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs': {
      const run = state.runs.find((r) => String(r.id) === params.run_id);
      if (!run) return notFound();
      const template = example<{ jobs: Record<string, unknown>[] }>('job-paginated').jobs[0];
      const jobs = run.jobs.map((job) => ({ ...template, ...job, created_at: job.started_at, run_id: run.id, head_sha: state.sha, workflow_name: run.name, completed_at: job.status === 'completed' ? job.started_at : null }));
      const { page, headers } = paginate(jobs, url, root);
      return answer(200, { total_count: jobs.length, jobs: page }, headers);
    }
    case '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts': {
      const run = state.runs.find((r) => String(r.id) === params.run_id);
      if (!run) return notFound();
      const template = example<{ artifacts: Record<string, unknown>[] }>('artifact-paginated').artifacts[0];
      const artifacts = run.artifacts.map((a) => ({ ...template, id: a.id, name: a.name, expired: a.expired ?? false, workflow_run: { id: run.id, repository_id: 1, head_repository_id: 1, head_branch: state.branch, head_sha: state.sha } }));
      const { page, headers } = paginate(artifacts, url, root);
      return answer(200, { total_count: artifacts.length, artifacts: page }, headers);
    }
    case '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}': {
      const artifact = state.runs.flatMap((r) => r.artifacts).find((a) => String(a.id) === params.artifact_id);
      if (!artifact) return notFound();
      if (artifact.expired) return answer(410, { message: 'Artifact has expired', documentation_url: 'https://docs.github.com/rest' });
      return answer(302, undefined, { location: `${downloadRoot}/blob?artifact=${artifact.id}&expires=${Date.now() + state.downloadLifetimeMs}&sig=fake` });
    }
  }
  notFound();
}

/** A repository as the organisation's (or user's) listing shows it. */
function listedRepository(owner: FakeState, repository: Pick<FakeRepository, 'name' | 'archived' | 'branch'>): Record<string, unknown> {
  const minimal = example('minimal-repository');
  return { ...minimal, name: repository.name, full_name: `${owner.owner}/${repository.name}`, owner: { ...(minimal.owner as object), login: owner.owner, type: owner.ownerType ?? 'Organization' }, archived: repository.archived ?? false, default_branch: repository.branch ?? owner.branch };
}

/** A required_status_checks rule entry as GET /rules/branches/{branch} returns it. */
export function requiredChecksRule(checks: { context: string; integration_id?: number }[], rulesetId = 42): Record<string, unknown> {
  return { type: 'required_status_checks', ruleset_source_type: 'Repository', ruleset_source: 'acme/agent-skills', ruleset_id: rulesetId, parameters: { strict_required_status_checks_policy: false, do_not_enforce_on_create: false, required_status_checks: checks } };
}

/** A merge_queue rule entry. */
export function mergeQueueRule(rulesetId = 42): Record<string, unknown> {
  return {
    type: 'merge_queue',
    ruleset_source_type: 'Organization',
    ruleset_source: 'acme',
    ruleset_id: rulesetId,
    parameters: { check_response_timeout_minutes: 60, grouping_strategy: 'ALLGREEN', max_entries_to_build: 5, max_entries_to_merge: 5, merge_method: 'SQUASH', min_entries_to_merge: 1, min_entries_to_merge_wait_minutes: 5 },
  };
}

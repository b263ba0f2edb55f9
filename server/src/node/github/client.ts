import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { ResponseCache } from './cache';

const ReadinessOctokit = Octokit.plugin(paginateRest, retry, throttling);
export type GitHubClient = InstanceType<typeof ReadinessOctokit>;

/** How long a request may wait out a rate limit (GitHub's reset or retry-after), and how many times. */
export interface RateLimitWait {
  maxSeconds: number;
  retries: number;
  /** Told of each wait before it starts, with the request (method and URL). */
  onWait?: (seconds: number, request: string) => void;
}

/** Longer waits are not worth holding a check or a keystroke for: the error says when to try again. */
const interactiveWait: RateLimitWait = { maxSeconds: 3, retries: 1 };
const requestTimeoutMs = 20_000;

export interface ClientOptions {
  /** The REST root, e.g. https://api.github.com or https://HOST/api/v3. */
  apiUrl: string;
  token?: string;
  cache: ResponseCache;
  userAgent: string;
  /** Responses served from the cache because the API could not be reached: URL → when they were fetched. */
  servedFromCache?: Map<string, string>;
  /** Default: a few seconds, once. */
  rateLimitWait?: RateLimitWait;
}

/**
 * Octokit with pagination, retries and rate-limit handling, whose GETs are conditional on the cached
 * ETag (a 304 costs nothing against the rate limit) and fall back to the cached body when the API cannot
 * be reached. Requests may only go to the API root, so the token goes nowhere else.
 */
export function createClient(options: ClientOptions): GitHubClient {
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const wait = options.rateLimitWait ?? interactiveWait;
  const waitOut = (retryAfter: number, requestOptions: Parameters<GitHubClient['request']['endpoint']['parse']>[0], retryCount: number) => {
    if (retryCount >= wait.retries || retryAfter > wait.maxSeconds) return false;
    const { method, url } = octokit.request.endpoint.parse(requestOptions);
    wait.onWait?.(retryAfter, `${method} ${url}`);
    return true;
  };
  const octokit = new ReadinessOctokit({
    baseUrl: apiUrl,
    auth: options.token,
    userAgent: options.userAgent,
    // Rate limits (403 and 429) are the throttling plugin's, which waits for GitHub's reset rather than guessing.
    retry: { retries: 1, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      onRateLimit: (retryAfter: number, requestOptions: Parameters<typeof waitOut>[1], _octokit: unknown, retryCount: number) => waitOut(retryAfter, requestOptions, retryCount),
      onSecondaryRateLimit: (retryAfter: number, requestOptions: Parameters<typeof waitOut>[1], _octokit: unknown, retryCount: number) => waitOut(retryAfter, requestOptions, retryCount),
    },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const { url, method } = octokit.request.endpoint.parse(requestOptions);
    if (url !== apiUrl && !url.startsWith(`${apiUrl}/`)) throw new Error(`Refusing to send a request outside the API root ${apiUrl}: ${url}`);
    requestOptions.request = { ...requestOptions.request, signal: AbortSignal.timeout(requestTimeoutMs) };
    if (method !== 'GET' || requestOptions.request.redirect === 'manual') return request(requestOptions);
    const cached = options.cache.get(url);
    if (cached) requestOptions.headers = { ...requestOptions.headers, 'if-none-match': cached.etag };
    try {
      const response = await request(requestOptions);
      const etag = response.headers.etag;
      if (response.status === 200 && etag) options.cache.set(url, { etag, link: response.headers.link, data: response.data, fetchedAt: new Date().toISOString() });
      return response;
    } catch (error) {
      const status = (error as { status?: number; response?: unknown }).status;
      const unreachable = !(error as { response?: unknown }).response;
      if (cached && (status === 304 || unreachable)) {
        if (unreachable) options.servedFromCache?.set(url, cached.fetchedAt);
        return { status: 200, url, headers: { etag: cached.etag, ...(cached.link ? { link: cached.link } : {}) }, data: cached.data } as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
  return octokit;
}

/** The status and response headers of a failed request, when it got a response. */
export function responseOf(error: unknown): { status: number; headers: Record<string, string | undefined>; message: string } | undefined {
  const e = error as { status?: number; response?: { headers?: Record<string, string | undefined> }; message?: string };
  return e.response && typeof e.status === 'number' ? { status: e.status, headers: e.response.headers ?? {}, message: e.message ?? '' } : undefined;
}

/** A 429, or a 403 that says the rate limit is used up or when to try again. */
export function isRateLimited({ status, headers }: { status: number; headers: Record<string, string | undefined> }): boolean {
  return status === 429 || (status === 403 && (headers['x-ratelimit-remaining'] === '0' || Number(headers['retry-after']) > 0));
}

/** One line for a failed read: rate limit with its reset, permission, absence, or the API being unreachable. */
export function describeFailure(error: unknown, now: Date = new Date()): string {
  const response = responseOf(error);
  if (!response) return `the API could not be reached (${(error as Error)?.message ?? String(error)})`;
  const { status, headers } = response;
  const retryAfter = Number(headers['retry-after']);
  const reset = Number(headers['x-ratelimit-reset']);
  if (isRateLimited(response)) {
    const when = retryAfter > 0 ? new Date(now.getTime() + retryAfter * 1000) : reset > 0 ? new Date(reset * 1000) : undefined;
    return `rate limited (HTTP ${status})${when ? `; try again after ${when.toISOString()}` : ''}`;
  }
  if (status === 401) return 'the token was refused (HTTP 401); sign in again or set a valid GITHUB_TOKEN';
  if (status === 403) return `not permitted for this token (HTTP 403: ${response.message})`;
  if (status === 404) return 'not found, or not visible to this account (HTTP 404)';
  return `HTTP ${status}: ${response.message}`;
}

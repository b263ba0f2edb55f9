import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a folder's own `.git` says, read from its files (no git process). */
export interface GitState {
  /** The branch HEAD points at; undefined when HEAD is detached (CI checkouts). */
  branch?: string;
  sha?: string;
  /** The URL of remote `origin`, as written in the config. */
  originUrl?: string;
}

/** A GitHub repository and the host that serves it. */
export interface GitHubRepository {
  host: string;
  owner: string;
  name: string;
}

/** The git directory of a folder that is a repository root (or a worktree, whose `.git` is a `gitdir:` file). */
function gitDirectories(root: string): { gitDir: string; commonDir: string } | undefined {
  let gitDir = path.join(root, '.git');
  const stat = fs.statSync(gitDir, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (stat.isFile()) {
    const pointer = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(gitDir, 'utf8'));
    if (!pointer) return undefined;
    gitDir = path.resolve(root, pointer[1].trim());
  }
  const commondirFile = path.join(gitDir, 'commondir');
  const commonDir = fs.existsSync(commondirFile) ? path.resolve(gitDir, fs.readFileSync(commondirFile, 'utf8').trim()) : gitDir;
  return { gitDir, commonDir };
}

function resolveRef(gitDir: string, commonDir: string, ref: string): string | undefined {
  for (const dir of [gitDir, commonDir]) {
    const loose = path.join(dir, ref);
    if (fs.existsSync(loose)) return fs.readFileSync(loose, 'utf8').trim();
  }
  const packedFile = path.join(commonDir, 'packed-refs');
  if (!fs.existsSync(packedFile)) return undefined;
  return fs.readFileSync(packedFile, 'utf8').split('\n').find((line) => line.endsWith(` ${ref}`))?.split(' ')[0];
}

/** Branch, commit and origin URL of the folder's own repository; undefined when it has none or it is unreadable. */
export function readGitState(root: string): GitState | undefined {
  try {
    const dirs = gitDirectories(root);
    if (!dirs) return undefined;
    const head = fs.readFileSync(path.join(dirs.gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    const sha = ref ? resolveRef(dirs.gitDir, dirs.commonDir, ref) : head;
    const configFile = path.join(dirs.commonDir, 'config');
    return {
      branch: ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined,
      sha: sha && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined,
      originUrl: fs.existsSync(configFile) ? originUrl(fs.readFileSync(configFile, 'utf8')) : undefined,
    };
  } catch {
    return undefined;
  }
}

/** `url` of `[remote "origin"]` in a git config file. */
export function originUrl(config: string): string | undefined {
  let inOrigin = false;
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([^\]\s]+)(?:\s+"([^"]*)")?\s*\]/.exec(line);
    if (section) {
      inOrigin = section[1].toLowerCase() === 'remote' && section[2] === 'origin';
      continue;
    }
    const url = inOrigin ? /^url\s*=\s*(.+)$/i.exec(line) : null;
    if (url) return url[1].trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/**
 * The GitHub repository of a remote URL: `https://HOST/OWNER/NAME(.git)`, `ssh://git@HOST(:PORT)/OWNER/NAME`,
 * and the scp form `git@HOST:OWNER/NAME`. Any host: GitHub Enterprise Server serves the same paths.
 */
export function parseRemoteUrl(url: string): GitHubRepository | undefined {
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url);
  if (scp) return { host: scp[1].toLowerCase(), owner: scp[2], name: scp[3] };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return undefined;
  const parts = parsed.pathname.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { host: parsed.hostname.toLowerCase(), owner: decodeURIComponent(parts[0]), name: decodeURIComponent(parts[1]).replace(/\.git$/, '') };
}

/** The REST root of a host: api.github.com for github.com, `https://HOST/api/v3` for GitHub Enterprise Server. */
export function defaultApiUrl(host: string): string {
  return host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
}

export interface TargetOverrides {
  /** The REST root; default: the one of the origin remote's host. */
  apiUrl?: string;
  /** OWNER/NAME. */
  repo?: string;
  branch?: string;
  sha?: string;
}

/** Which repository, branch and commit to ask GitHub about: the overrides, else the folder's git metadata. */
export function resolveTarget(root: string, overrides: TargetOverrides): { apiUrl: string; owner: string; repo: string; branch?: string; sha?: string } | { error: string } {
  const git = readGitState(root);
  let owner: string;
  let name: string;
  const remote = git?.originUrl ? parseRemoteUrl(git.originUrl) : undefined;
  let host = remote?.host ?? 'github.com';
  if (overrides.repo) {
    const match = /^([^/\s]+)\/([^/\s]+)$/.exec(overrides.repo);
    if (!match) return { error: `--repo must be OWNER/NAME, not "${overrides.repo}"` };
    [, owner, name] = match;
  } else {
    if (!remote) return { error: git?.originUrl ? `the origin remote ${git.originUrl} is not a GitHub repository URL; give --repo OWNER/NAME` : 'the folder has no git remote "origin"; give --repo OWNER/NAME' };
    ({ owner, name, host } = remote);
  }
  return { apiUrl: (overrides.apiUrl ?? defaultApiUrl(host)).replace(/\/+$/, ''), owner, repo: name, branch: overrides.branch ?? git?.branch, sha: overrides.sha ?? git?.sha };
}

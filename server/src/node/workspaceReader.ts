import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolvePolicy } from '../core/engine';
import { Policy, workspaceFilePatterns, workspacePolicyFile } from '../core/policy/policy';
import { patternRegex } from '../core/fileGlob';
import { ParseCache, WorkspaceModel, WorkspaceSnapshot } from '../core/workspace';
import { readGitState } from './github/gitMetadata';

export interface ReadOptions {
  /** Workspace-relative (or absolute) path of the policy file. */
  policyFile?: string;
  /** Files larger than this are not read. */
  maxFileSize?: number;
  /** Where the CI's artifacts/ folder was downloaded to. */
  artifactsFolder?: string;
  now?: Date;
  /** Where the policy's parse is kept, for the check that follows (the policy is read first, to know what else to read). */
  cache?: ParseCache;
}

export const defaultMaxFileSize = 20 * 1024 * 1024;

/** Reads the files the engine needs from a folder on disk, within the size and type limits. */
/** With the policy in force, which decided what was read. */
export function readWorkspace(folder: string, options: ReadOptions = {}): { snapshot: WorkspaceSnapshot; policyFile?: string; policy: Policy } {
  const root = fs.realpathSync(folder);
  const files = new Map<string, string>();
  const skipped = new Map<string, string>();
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
  const policyFile = options.policyFile ? toWorkspacePath(root, options.policyFile) : undefined;
  const realFolders: RealFolders = new Map();
  const read = (relative: string) => readOne(root, relative, maxFileSize, files, skipped, realFolders);

  // The policy decides which other files matter, so it is read first.
  read(policyFile ?? workspacePolicyFile);
  const now = options.now ?? new Date();
  const { policy } = resolvePolicy(new WorkspaceModel({ files, now }, options.cache), policyFile, options.artifactsFolder);
  for (const pattern of workspaceFilePatterns(policy, policyFile)) {
    if (!pattern.includes('*')) {
      read(pattern);
      continue;
    }
    const directory = pattern.slice(0, pattern.lastIndexOf('/'));
    const regex = patternRegex(pattern);
    let entries: string[];
    try {
      entries = fs.readdirSync(path.join(root, directory));
    } catch {
      continue;
    }
    for (const entry of entries) {
      const relative = directory ? `${directory}/${entry}` : entry;
      if (regex.test(relative)) read(relative);
    }
  }
  return { snapshot: { files, skipped, headSha: readGitHead(root), now }, policyFile, policy };
}

function toWorkspacePath(root: string, file: string): string {
  return path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
}

function readOne(root: string, relative: string, maxFileSize: number, files: Map<string, string>, skipped: Map<string, string>, realFolders: RealFolders): void {
  if (files.has(relative) || skipped.has(relative)) return;
  const read = readWorkspaceFile(root, relative, maxFileSize, realFolders);
  if (read && 'text' in read) files.set(relative, read.text);
  else if (read) skipped.set(relative, read.skipped);
}

/**
 * Real paths of folders, each found once per read of the workspace: a file that is not itself a link is
 * really in its folder's real path, so only links and folders pay for `realpath` (a `lstat` per path segment).
 */
type RealFolders = Map<string, string>;

/** One file of the workspace: its text, why it was not read, or undefined when it does not exist. */
export function readWorkspaceFile(root: string, relative: string, maxFileSize: number, realFolders: RealFolders = new Map()): { text: string } | { skipped: string } | undefined {
  try {
    return readChecked(root, relative, maxFileSize, realFolders);
  } catch (error) {
    // Permissions, a file replaced mid-read: say so on that file, never fail the whole workspace.
    return { skipped: `it could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
}

function readChecked(root: string, relative: string, maxFileSize: number, realFolders: RealFolders): { text: string } | { skipped: string } | undefined {
  const absolute = path.join(root, relative);
  let stat: fs.Stats;
  let real: string;
  try {
    stat = fs.lstatSync(absolute);
    if (stat.isSymbolicLink()) {
      stat = fs.statSync(absolute);
      real = fs.realpathSync(absolute);
    } else {
      real = path.join(realFolder(path.dirname(absolute), realFolders), path.basename(absolute));
    }
  } catch (error) {
    // Absent files (and links to nothing) are for the rules to name; a link loop is a file that cannot be read.
    return (error as NodeJS.ErrnoException).code === 'ELOOP' ? { skipped: 'the path is a symbolic link loop' } : undefined;
  }
  if (stat.isDirectory()) return { skipped: 'it is a directory, not a file' };
  if (!stat.isFile()) return { skipped: 'it is not a regular file' };
  // The root may be reached through a link itself: what is inside is what is inside its real path.
  if (real !== absolute && !real.startsWith(realFolder(root, realFolders) + path.sep)) return { skipped: 'it is a link to a file outside the workspace' };
  if (stat.size > maxFileSize) return { skipped: `${formatSize(stat.size)} is over the ${formatSize(maxFileSize)} limit set by readiness.maxFileSizeMB` };
  return fileText(absolute);
}

/**
 * What `textOf` makes of a file's bytes, by node's own read of a file as UTF-8 (one call, no Buffer, about
 * twice as fast): invalid bytes come out as U+FFFD, so only a text holding U+FFFD, or a NUL near its start, may
 * not be what `textOf` accepts, and is read again as bytes to tell.
 */
function fileText(absolute: string): { text: string } | { skipped: string } {
  const text = fs.readFileSync(absolute, 'utf8');
  if (text.includes('\uFFFD') || text.lastIndexOf('\0', binaryProbe) !== -1) return textOf(fs.readFileSync(absolute));
  // As the decoder does: a byte-order mark is not part of the text.
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function realFolder(folder: string, realFolders: RealFolders): string {
  let real = realFolders.get(folder);
  if (real === undefined) realFolders.set(folder, (real = fs.realpathSync(folder)));
  return real;
}

/** A NUL byte among the first this many makes a file binary. */
const binaryProbe = 8000;

/** Strict: bytes that are not UTF-8 are refused, not replaced. Each decode() without `stream` starts afresh. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a file's bytes, or why they are not text the engine reads. */
export function textOf(bytes: Uint8Array): { text: string } | { skipped: string } {
  if (bytes.subarray(0, binaryProbe).includes(0)) return { skipped: 'it is a binary file' };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { skipped: 'it is not valid UTF-8 text' };
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** HEAD of the folder's own git repository (not of a repository it sits inside), without running git. */
export function readGitHead(root: string): string | undefined {
  return readGitState(root)?.sha;
}

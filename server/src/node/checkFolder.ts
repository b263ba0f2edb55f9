import * as path from 'node:path';
import { checkWorkspace } from '../core/engine';
import type { WorkspaceResult } from '../core/types';
import type { WorkspaceSnapshot } from '../core/workspace';
import { readWorkspace } from './workspaceReader';

export interface FolderCheck {
  /** A policy file, relative to the current folder or absolute. */
  policy?: string;
  /** The folder (relative to the checked one) the CI artifacts were downloaded to. */
  artifacts?: string;
  /** The commit the evidence must be for, when the folder's own HEAD is not it (a pull request's merge checkout). */
  headSha?: string;
  log: (message: string) => void;
}

/** Reads a folder from disk and checks it: what the CLI and the action both do. */
export function checkFolder(folder: string, options: FolderCheck): { result: WorkspaceResult; snapshot: WorkspaceSnapshot } {
  const policyFile = options.policy && path.relative(folder, path.resolve(options.policy));
  const read = readWorkspace(folder, { policyFile, artifactsFolder: options.artifacts });
  const snapshot = options.headSha ? { ...read.snapshot, headSha: options.headSha } : read.snapshot;
  const result = checkWorkspace(snapshot, { policyFile: read.policyFile, artifactsFolder: options.artifacts, log: options.log });
  return { result, snapshot };
}

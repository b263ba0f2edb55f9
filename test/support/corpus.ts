import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceSnapshot } from '../../server/src/core/workspace';
import { readWorkspace } from '../../server/src/node/workspaceReader';
import { repoRoot } from './paths';

/** Real workflows of public repositories, one workspace folder per repository (test/corpus/README.md). */
export const corpusDir = path.join(repoRoot, 'test', 'corpus');

export interface CorpusRepository {
  /** `owner/name` on GitHub */
  repository: string;
  commit: string;
  licence: string;
  /** The repository's workspace folder: its `.github/` as taken at `commit`. */
  folder: string;
  /** Workspace-relative paths of the files taken (workflows and the local actions they call). */
  files: string[];
}

interface Provenance {
  repositories: { repository: string; commit: string; licence: string; files: string[] }[];
}

/** Every repository of the corpus, as a workspace folder to read like any other. */
export function corpusRepositories(): CorpusRepository[] {
  const provenance = JSON.parse(fs.readFileSync(path.join(corpusDir, 'PROVENANCE.json'), 'utf8')) as Provenance;
  return provenance.repositories.map((r) => ({
    repository: r.repository,
    commit: r.commit,
    licence: r.licence,
    folder: path.join(corpusDir, ...r.repository.split('/')),
    files: r.files,
  }));
}

/** The workflow files of a corpus repository (`.github/workflows/*.yml|yaml`), workspace-relative. */
export function workflowFiles(repository: CorpusRepository): string[] {
  return repository.files.filter((file) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(file));
}

/** A fixed clock, so that findings about dates do not change from day to day. */
const corpusNow = new Date('2026-12-01T00:00:00Z');

/** The files the engine reads from a corpus repository, as the CLI reads a folder. */
export function corpusSnapshot(repository: CorpusRepository): WorkspaceSnapshot {
  return readWorkspace(repository.folder, { now: corpusNow }).snapshot;
}

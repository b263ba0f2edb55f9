import { IncrementalState, noteClock, noteFile, noteNames, noteVolatile } from './incremental';
import { JsonDocument } from './parse/jsonDocument';
import type { LiveEvidence } from './live';
import { YamlDocument } from './parse/yamlDocument';
import { patternRegex } from './fileGlob';

export const hourMs = 3_600_000;

/** What a front hands the core: the files it read, and facts only it can know. */
export interface WorkspaceSnapshot {
  /** Workspace-relative paths with `/` → file text. */
  files: ReadonlyMap<string, string>;
  /** The folder's git HEAD commit, when the folder is the root of a git repository. */
  headSha?: string;
  /** Files the front did not read, with the reason (too large, binary, not a regular file). */
  skipped?: ReadonlyMap<string, string>;
  now: Date;
  /** What GitHub knows for the commit and branch, when the front asked it. */
  live?: LiveEvidence;
  /** On a pull request: the base branch's commit, with the workflow files (and required-checks file) it has. */
  pullRequestBase?: PullRequestBase;
  /** Reusable workflows of other repositories the workflows call, as the front fetched them: see CalledWorkflows. */
  calledWorkflows?: CalledWorkflows;
}

/**
 * Workflows of other repositories, by the `OWNER/REPO/PATH@REF` a job's `uses:` names: the text read at that
 * ref, or why it could not be read (private, missing, over the fetch limit).
 */
export type CalledWorkflows = ReadonlyMap<string, { text: string } | { unread: string }>;

export interface PullRequestBase {
  /** The branch the pull request merges into. */
  ref: string;
  sha: string;
  /** Repository-relative paths → text, as read at the base commit. */
  files: ReadonlyMap<string, string>;
  calledWorkflows?: CalledWorkflows;
}

/** Parses reused across runs while a file's text is unchanged (the language server keeps one per folder). */
export class ParseCache {
  private readonly json = new Map<string, JsonDocument>();
  private readonly yaml = new Map<string, YamlDocument>();

  /** With a base: reads the base's parses of unchanged texts and keeps its own for the others, leaving the base as it was. */
  constructor(private readonly base?: ParseCache) {}

  jsonDocument(file: string, text: string): JsonDocument {
    // A keystroke inside a string moves the previous tree (which this cache alone holds) instead of building one.
    return this.base?.parsed('json', file, text) ?? reuse(this.json, file, text, (previous) => (previous && JsonDocument.afterEdit(previous, text)) ?? new JsonDocument(file, text));
  }

  yamlDocument(file: string, text: string): YamlDocument {
    // An edit of one job is parsed alone, into the previous parse (which this cache alone holds: a layered cache parses its own).
    return this.base?.parsed('yaml', file, text) ?? reuse(this.yaml, file, text, (previous) => (previous && YamlDocument.afterEdit(previous, text)) ?? new YamlDocument(file, text));
  }

  private parsed<K extends 'json' | 'yaml'>(kind: K, file: string, text: string): (K extends 'json' ? JsonDocument : YamlDocument) | undefined {
    const own = (this[kind] as Map<string, JsonDocument | YamlDocument>).get(file);
    if (own?.text === text) return own as K extends 'json' ? JsonDocument : YamlDocument;
    return this.base?.parsed(kind, file, text);
  }

  /** The text of the latest parse of a file, if one is kept: a front that keeps no text of its own reads it back from here. */
  textOf(file: string): string | undefined {
    return (this.yaml.get(file) ?? this.json.get(file))?.text;
  }

  /**
   * Drops the parses of the files `keep` does not name, and gives the YAML ones dropped (whose workflows
   * the caller lets go of them: see releaseParse). What a check works out of a file is kept as results of
   * its own, so the parse of a file nobody edits is not needed again; a parse is several times its text.
   */
  dropExcept(keep: (file: string) => boolean): YamlDocument[] {
    for (const file of this.json.keys()) if (!keep(file)) this.json.delete(file);
    const dropped: YamlDocument[] = [];
    for (const [file, doc] of this.yaml) {
      if (keep(file)) continue;
      this.yaml.delete(file);
      dropped.push(doc);
    }
    return dropped;
  }

  /** Drops the parses of a file no longer in the workspace. */
  forget(file: string): void {
    this.json.delete(file);
    this.yaml.delete(file);
  }

  /** Drops parses of files no longer in the workspace. */
  retain(files: ReadonlyMap<string, string>): void {
    for (const map of [this.json, this.yaml] as Map<string, unknown>[]) {
      for (const file of map.keys()) if (!files.has(file)) map.delete(file);
    }
  }
}

function reuse<T extends { text: string }>(map: Map<string, T>, file: string, text: string, parse: (previous: T | undefined) => T): T {
  const cached = map.get(file);
  if (cached && cached.text === text) return cached;
  const parsed = parse(cached);
  map.set(file, parsed);
  return parsed;
}

/**
 * The workspace as the rules see it: files by path, parsed on first use. Every read is noted, so that a
 * result derived from it (`derived`) is kept across checks by an IncrementalState until what it read changes.
 */
export class WorkspaceModel {
  constructor(
    readonly snapshot: WorkspaceSnapshot,
    private readonly cache: ParseCache = new ParseCache(),
    private readonly incremental?: IncrementalState,
  ) {}

  get now(): Date {
    noteVolatile();
    return this.snapshot.now;
  }

  /** Whether the check's time is after `instant` (ms since the epoch); a result using it is kept while that holds. */
  isPast(instant: number): boolean {
    const past = this.snapshot.now.getTime() > instant;
    noteClock(past ? instant + 1 : -Infinity, past ? Infinity : instant + 1);
    return past;
  }

  /** The whole hours from `instant` to the check's time; a result using it is kept while that number holds. */
  wholeHoursSince(instant: number): number {
    const hours = Math.floor((this.snapshot.now.getTime() - instant) / hourMs);
    noteClock(instant + hours * hourMs, instant + (hours + 1) * hourMs);
    return hours;
  }

  exists(file: string): boolean {
    // Whether a file is there changes only with the list of names, not with its text.
    noteNames();
    return this.snapshot.files.has(file);
  }

  text(file: string): string | undefined {
    noteFile(file);
    return this.snapshot.files.get(file);
  }

  json(file: string): JsonDocument | undefined {
    noteFile(file);
    const text = this.snapshot.files.get(file);
    return text === undefined ? undefined : this.cache.jsonDocument(file, text);
  }

  yaml(file: string): YamlDocument | undefined {
    noteFile(file);
    const text = this.snapshot.files.get(file);
    return text === undefined ? undefined : this.cache.yamlDocument(file, text);
  }

  /** Why a file that is there was not read (too large, binary, …), if it was not. */
  skippedReason(file: string): string | undefined {
    noteFile(file);
    return this.snapshot.skipped?.get(file);
  }

  /** The files there but not read, sorted. */
  skippedFiles(): string[] {
    noteNames();
    return [...(this.snapshot.skipped?.keys() ?? [])].sort();
  }

  /**
   * `compute`'s result, once per model; with an IncrementalState, kept across checks until a file it read
   * (or the list of names, when it read that) changes. `compute` must read the workspace only through this model.
   */
  derived<T>(scope: string, key: string, compute: () => T): T {
    if (this.incremental) return this.incremental.derive(scope, key, compute);
    const entries = this.resultsOf(scope);
    if (entries.has(key)) return entries.get(key) as T;
    const value = compute();
    entries.set(key, value);
    return value;
  }

  /**
   * `derived` for plain data, compared member by member: when something it read changes, the next
   * check's update works it out again (with that check's model, handed to `compute`) and keeps what used
   * it when it comes out equal. `compute` must read the workspace only through the model it is given.
   */
  derivedByValue<T>(scope: string, key: string, compute: (model: WorkspaceModel) => T): T {
    if (this.incremental) return this.incremental.derive(scope, key, () => compute(this), (model) => compute(model as WorkspaceModel));
    return this.derived(scope, key, () => compute(this));
  }

  /** A value worked out at every check: with an IncrementalState, the previous check's value instead when equal. */
  asBefore<T>(scope: string, key: string, value: T): T {
    return this.incremental ? this.incremental.asBefore(scope, key, value) : value;
  }

  /**
   * `derived` for many keys of one scope, without a closure per key (the rule loop's hot path). `byValue`:
   * each result is plain data compared member by member, as `derivedByValue` (then `compute` is handed the
   * model to read the workspace through).
   */
  derivedEach<T>(scope: string, keys: readonly string[], compute: (key: string, model: WorkspaceModel) => T, byValue = false): T[] {
    if (this.incremental) return this.incremental.deriveEach(scope, keys, (key) => compute(key, this), byValue ? (key, model) => compute(key, model as WorkspaceModel) : undefined);
    const entries = this.resultsOf(scope);
    return keys.map((key) => {
      if (entries.has(key)) return entries.get(key) as T;
      const value = compute(key, this);
      entries.set(key, value);
      return value;
    });
  }

  /** The results of `derivedEach`, flattened; with an IncrementalState, only what changed is looked at again. */
  derivedAll<T>(scope: string, keys: readonly string[], compute: (key: string) => readonly T[]): T[] {
    return this.incremental ? this.incremental.collect(scope, keys, compute) : this.derivedEach(scope, keys, compute).flat();
  }

  private resultsOf(scope: string): Map<string, unknown> {
    let entries = this.results.get(scope);
    if (!entries) this.results.set(scope, (entries = new Map()));
    return entries;
  }

  /** Files (read or not) matching a path whose `*` stands for any characters within one path segment. */
  match(pattern: string): string[] {
    noteNames();
    const present = (file: string) => this.snapshot.files.has(file) || this.snapshot.skipped?.has(file) === true;
    if (!pattern.includes('*')) return present(pattern) ? [pattern] : [];
    let matched = this.matches.get(pattern);
    if (!matched) {
      const regex = patternRegex(pattern);
      const slash = pattern.lastIndexOf('/');
      const folder = pattern.slice(0, slash + 1);
      // Patterns have their `*` in the file name: only the files of that folder can match.
      const candidates = folder.includes('*') ? this.byFolder().all : (this.byFolder().get(folder) ?? []);
      matched = candidates.filter((file) => regex.test(file));
      this.matches.set(pattern, matched);
    }
    return [...matched];
  }

  /** The files read, sorted; computed once per model (a snapshot does not change). */
  files(): readonly string[] {
    noteNames();
    return (this.sortedFiles ??= [...this.snapshot.files.keys()].sort());
  }

  /** Files (read or not), sorted, grouped by folder (with a trailing `/`), once per model. */
  byFolder(): Map<string, string[]> & { all: string[] } {
    noteNames();
    if (!this.folders) {
      const all = [...new Set([...this.snapshot.files.keys(), ...(this.snapshot.skipped?.keys() ?? [])])].sort();
      const folders = new Map<string, string[]>() as Map<string, string[]> & { all: string[] };
      folders.all = all;
      for (const file of all) {
        const folder = file.slice(0, file.lastIndexOf('/') + 1);
        const list = folders.get(folder);
        if (list) list.push(file);
        else folders.set(folder, [file]);
      }
      this.folders = folders;
    }
    return this.folders;
  }

  private readonly results = new Map<string, Map<string, unknown>>();
  private sortedFiles?: string[];
  private folders?: Map<string, string[]> & { all: string[] };
  private readonly matches = new Map<string, string[]>();
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

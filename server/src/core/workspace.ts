import { JsonDocument } from './parse/jsonDocument';
import { YamlDocument } from './parse/yamlDocument';

/** What a front hands the core: the files it read, and facts only it can know. */
export interface WorkspaceSnapshot {
  /** Workspace-relative paths with `/` → file text. */
  files: ReadonlyMap<string, string>;
  /** The folder's git HEAD commit, when the folder is the root of a git repository. */
  headSha?: string;
  /** Files the front did not read, with the reason (too large, binary, not a regular file). */
  skipped?: ReadonlyMap<string, string>;
  now: Date;
}

/** Parses reused across runs while a file's text is unchanged (the language server keeps one per folder). */
export class ParseCache {
  private readonly json = new Map<string, JsonDocument>();
  private readonly yaml = new Map<string, YamlDocument>();

  jsonDocument(file: string, text: string): JsonDocument {
    return reuse(this.json, file, text, () => new JsonDocument(file, text));
  }

  yamlDocument(file: string, text: string): YamlDocument {
    return reuse(this.yaml, file, text, () => new YamlDocument(file, text));
  }

  /** Drops parses of files no longer in the workspace. */
  retain(files: ReadonlyMap<string, string>): void {
    for (const map of [this.json, this.yaml] as Map<string, unknown>[]) {
      for (const file of map.keys()) if (!files.has(file)) map.delete(file);
    }
  }
}

function reuse<T extends { text: string }>(map: Map<string, T>, file: string, text: string, parse: () => T): T {
  const cached = map.get(file);
  if (cached && cached.text === text) return cached;
  const parsed = parse();
  map.set(file, parsed);
  return parsed;
}

/** The workspace as the rules see it: files by path, parsed on first use. */
export class WorkspaceModel {
  constructor(
    readonly snapshot: WorkspaceSnapshot,
    private readonly cache: ParseCache = new ParseCache(),
  ) {}

  get now(): Date {
    return this.snapshot.now;
  }

  exists(file: string): boolean {
    return this.snapshot.files.has(file);
  }

  text(file: string): string | undefined {
    return this.snapshot.files.get(file);
  }

  json(file: string): JsonDocument | undefined {
    const text = this.snapshot.files.get(file);
    return text === undefined ? undefined : this.cache.jsonDocument(file, text);
  }

  yaml(file: string): YamlDocument | undefined {
    const text = this.snapshot.files.get(file);
    return text === undefined ? undefined : this.cache.yamlDocument(file, text);
  }

  /** Why a file that is there was not read (too large, binary, …), if it was not. */
  skippedReason(file: string): string | undefined {
    return this.snapshot.skipped?.get(file);
  }

  /** Files (read or not) matching a path whose `*` stands for any characters within one path segment. */
  match(pattern: string): string[] {
    const present = (file: string) => this.exists(file) || this.skippedReason(file) !== undefined;
    if (!pattern.includes('*')) return present(pattern) ? [pattern] : [];
    const regex = patternRegex(pattern);
    return [...new Set([...this.snapshot.files.keys(), ...(this.snapshot.skipped?.keys() ?? [])])].filter((file) => regex.test(file)).sort();
  }

  files(): string[] {
    return [...this.snapshot.files.keys()].sort();
  }
}

export function patternRegex(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]*')}$`);
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

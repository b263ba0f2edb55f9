import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The folder live evidence is cached in, outside every workspace: READINESS_CACHE_DIR, else the platform's
 * user cache folder. It holds response bodies with their ETags and unpacked artifacts, never a token.
 */
export function defaultCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.READINESS_CACHE_DIR) return env.READINESS_CACHE_DIR;
  if (process.platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'release-readiness', 'cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'release-readiness');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'release-readiness');
}

/** A response as it is kept for conditional requests: what the next page and the 304 need. */
export interface CachedResponse {
  etag: string;
  /** The `link` header, so pagination continues from a cached page. */
  link?: string;
  data: unknown;
  fetchedAt: string;
}

/** Responses by URL (the key is a hash of the URL, so no path segment can escape the folder). */
export class ResponseCache {
  constructor(private readonly folder: string) {}

  private file(url: string): string {
    return path.join(this.folder, 'http', `${createHash('sha256').update(url).digest('hex')}.json`);
  }

  get(url: string): CachedResponse | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(this.file(url), 'utf8')) as CachedResponse;
      return typeof entry.etag === 'string' && typeof entry.fetchedAt === 'string' ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  set(url: string, entry: CachedResponse): void {
    writeAtomically(this.file(url), JSON.stringify(entry));
  }

  /** The folder an artifact of a commit is unpacked into. */
  artifactFolder(sha: string, artifactId: number): string {
    return path.join(this.folder, 'artifacts', sha.replace(/[^0-9a-f]/gi, ''), String(artifactId));
  }
}

/** Writes through a temporary file, so a crash or a second process never leaves half a file. */
export function writeAtomically(file: string, text: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/**
 * Throughput of `readiness scan` over the loopback fake GitHub: an organisation of 200 repositories, each the
 * base workspace with its rules, check runs and CI artifact (so every repository costs the reads a real one
 * does), listed page by page and checked in-process N at a time. The fake validates every request and
 * response against GitHub's OpenAPI description in the same process, so the figure is a floor.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listRepositories, scanRepositories } from '../../server/src/node/github/scan';
import { startFakeGitHub } from '../../test/support/fakeGitHub';
import { baseRepositoryTree, checkRuns, enforced, greenRun, sha, token } from '../../test/support/liveWorkspace';

export interface ScanFigures {
  repositories: number;
  concurrency: number;
  seconds: number;
  reposPerSecond: number;
  requests: number;
}

export async function measureScan(repositories = 200, concurrency = 4): Promise<ScanFigures> {
  const names = Array.from({ length: repositories - 1 }, (_, i) => ({ name: `service-${String(i + 1).padStart(3, '0')}` }));
  const fake = await startFakeGitHub({ sha, rules: [enforced], checkRuns, runs: [greenRun()], trees: { [sha]: baseRepositoryTree() }, repositories: names });
  const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-scan-'));
  try {
    const started = performance.now();
    const options = { apiUrl: fake.apiUrl, token, cacheFolder, log: () => undefined };
    const targets = await listRepositories('acme', options);
    const records = await scanRepositories(targets, { ...options, concurrency, record: () => undefined });
    const seconds = (performance.now() - started) / 1000;
    const checked = records.filter((r) => r.outcome === 'checked').length;
    if (checked !== repositories || fake.violations.length > 0) throw new Error(`scan bench: ${checked} of ${repositories} checked; ${fake.violations.slice(0, 3).join('; ')}`);
    return { repositories, concurrency, seconds, reposPerSecond: repositories / seconds, requests: fake.requests.length };
  } finally {
    await fake.close();
    fs.rmSync(cacheFolder, { recursive: true, force: true });
  }
}

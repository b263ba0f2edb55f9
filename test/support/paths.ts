import * as fs from 'node:fs';
import * as path from 'node:path';

const isRepoRoot = (dir: string) =>
  fs.existsSync(path.join(dir, 'package.json')) && JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name === 'release-readiness';

/** The repository root: above the compiled test (out/test/...), else the working folder (tests compiled elsewhere). */
export const repoRoot = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (isRepoRoot(dir)) return dir;
    if (path.dirname(dir) === dir) break;
  }
  if (isRepoRoot(process.cwd())) return process.cwd();
  throw new Error('repository root not found');
})();

export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
export const cli = path.join(repoRoot, 'dist', 'cli.js');

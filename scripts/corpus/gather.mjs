// Copies the workflows of public repositories into test/corpus, byte for byte, with their provenance.
//
//   node scripts/corpus/gather.mjs SNAPSHOTS_DIR
//
// SNAPSHOTS_DIR holds one bare git snapshot per repository of scripts/corpus/repos.json, at
// SNAPSHOTS_DIR/<owner>+<name>/repo. For each, at its HEAD commit, the script copies every
// .github/workflows/*.yml|yaml, every local action (`uses: ./dir`) those files call (transitively), and the
// repository's licence files, then writes test/corpus/PROVENANCE.json. Tests read only what this wrote.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const corpus = path.join(root, 'test/corpus');
const repos = JSON.parse(fs.readFileSync(path.join(root, 'scripts/corpus/repos.json'), 'utf8'));
const snapshots = process.argv[2];
if (!snapshots) {
  console.error('usage: node scripts/corpus/gather.mjs SNAPSHOTS_DIR');
  process.exit(2);
}
/** Larger workflow files are generated tables more than workflows; they would only weigh the corpus down. */
const maxFileBytes = 200_000;

const git = (gitDir, ...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 1 << 28 });

const provenance = [];
for (const [repo, licence] of Object.entries(repos)) {
  const gitDir = path.join(snapshots, repo.replace('/', '+'), 'repo');
  const commit = git(gitDir, 'rev-parse', 'HEAD').toString().trim();
  const tree = git(gitDir, 'ls-tree', '-r', '--name-only', commit).toString().split('\n').filter(Boolean);
  const inTree = new Set(tree);
  const wanted = tree.filter((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p));
  const licenceFiles = tree.filter((p) => /^(licen[cs]e|copying)[^/]*$/i.test(p));
  const files = [];
  const seen = new Set();
  const queue = [...wanted];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const bytes = git(gitDir, 'show', `${commit}:${file}`);
    if (bytes.length > maxFileBytes) continue;
    files.push(file);
    write(repo, file, bytes);
    // local actions and workflows this file calls
    for (const m of bytes.toString('utf8').matchAll(/uses:\s*['"]?\.\/([^'"\s@#]+)/g)) {
      const target = path.posix.normalize(m[1]).replace(/\/$/, '');
      if (/\.ya?ml$/.test(target)) {
        if (inTree.has(target)) queue.push(target);
      } else {
        for (const name of ['action.yml', 'action.yaml']) if (inTree.has(`${target}/${name}`)) queue.push(`${target}/${name}`);
      }
    }
  }
  for (const file of licenceFiles) write(repo, file, git(gitDir, 'show', `${commit}:${file}`));
  provenance.push({ repository: repo, url: `https://github.com/${repo}`, commit, licence, licenceFiles, files: files.sort() });
}

fs.writeFileSync(path.join(corpus, 'PROVENANCE.json'), JSON.stringify({ repositories: provenance }, null, 2) + '\n');
const fileCount = provenance.reduce((sum, r) => sum + r.files.length, 0);
console.log(`${provenance.length} repositories, ${fileCount} files`);

function write(repo, file, bytes) {
  const target = path.join(corpus, repo, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, bytes);
}

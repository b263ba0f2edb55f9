import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { adoptionFiles, playbookSettings, PlaybookSetting } from './core/adoption';
import { fixAll } from './core/fixes/fixAll';
import { toJsonOutput } from './core/output/json';
import { toMarkdown } from './core/output/markdown';
import { toSarif } from './core/output/sarif';
import { toText } from './core/output/text';
import type { FixOptions } from './core/fixes/verify';
import { WorkspaceModel, WorkspaceSnapshot } from './core/workspace';
import { checkFolder, readFolder } from './node/checkFolder';
import { defaultApiUrl } from './node/github/gitMetadata';
import { tokenFromEnvironment } from './node/github/readLive';
import { checkRemote, parseRemoteRepository, RemoteRepository } from './node/github/remoteWorkspace';
import { tool } from './node/tool';
import { readWorkspace } from './node/workspaceReader';

const formats = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof formats)[number];

const usage = `Usage: readiness check [FOLDER] [--format text|json|sarif|markdown] [--policy FILE] [--artifacts DIR] [--playbook auto|adopted|off]
                       [--github [--github-api URL] [--repo OWNER/NAME] [--branch B] [--sha SHA]]
       readiness check github:OWNER/REPO[@REF] [--github-api URL] [--format F] [--policy FILE] [--artifacts DIR] [--playbook P]
       readiness fix [FOLDER] [--dry-run] [--policy FILE] [--artifacts DIR]
       readiness adopt [FOLDER]

check prints the Go/No-Go verdict of a workspace under its readiness policy; in a repository that has not
adopted the playbook, the findings on its required status checks and workflows.
fix applies the preferred fix of every required-check finding (check-name drift), one at a time, each
verified by a re-check before it is applied; --dry-run prints the changes as a unified diff instead.
  FOLDER           the repository folder (default: the current folder)
  github:OWNER/REPO[@REF]
                   a repository on GitHub, read through its contents API at REF (default: its default branch),
                   with the live reads of --github for that branch and commit; no clone
  --format F       text (default), json, sarif or markdown
  --dry-run        fix: print the diff, write nothing
  --policy FILE    a policy file instead of .github/readiness-policy.json or the embedded default
  --artifacts DIR  the folder (relative to FOLDER) the CI artifacts were downloaded to (default: artifacts)
  --github         also read what GitHub knows (token from GITHUB_TOKEN or GH_TOKEN): the branch's rules,
                   the commit's check runs and CI artifacts; without it nothing touches the network
  --github-api URL the REST root (default https://api.github.com; GitHub Enterprise: https://HOST/api/v3)
  --repo O/N       the repository (default: from the origin remote)
  --branch B       the branch (default: the checked-out branch)
  --sha SHA        the commit (default: HEAD)
  --playbook P     auto (default: adopted when a policy file or playbook artifacts are present), adopted, off

adopt writes a starter .github/readiness-policy.json, docs/required_status_checks.json (the names GitHub
will report for the jobs that run on every pull request) and docs/BRANCH_PROTECTION_POLICY.md; files that
exist are left as they are.

Exit status of check: 0 Go or Go with exception (not adopted: no error), 1 No-Go (not adopted: an error), 2 usage error
(or a github: repository or ref that cannot be read).
Exit status of fix: 0 no required-check finding is left, 1 some are left (no preferred fix), 2 usage error.`;

class UsageError extends Error {}

interface Arguments {
  command: 'check' | 'fix' | 'adopt';
  folder: string;
  playbook?: PlaybookSetting;
  dryRun: boolean;
  format: Format;
  policy?: string;
  artifacts?: string;
  github?: { apiUrl?: string; repo?: string; branch?: string; sha?: string };
  remote?: RemoteRepository;
}

const githubFlags = { '--github-api': 'apiUrl', '--repo': 'repo', '--branch': 'branch', '--sha': 'sha' } as const;

function parseArguments(argv: string[]): Arguments | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const [command, ...rest] = argv;
  if (command !== 'check' && command !== 'fix' && command !== 'adopt') throw new UsageError(command ? `Unknown command "${command}".` : 'Missing command.');
  const result: Arguments = { command, folder: '.', format: 'text', dryRun: false };
  let folderSeen = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--dry-run' && command === 'fix' && inline === undefined) {
      result.dryRun = true;
    } else if (flag === '--format' && command === 'check') {
      const format = value();
      if (!(formats as readonly string[]).includes(format)) throw new UsageError(`Unknown format "${format}"; use ${formats.join(', ')}.`);
      result.format = format as Format;
    } else if (flag === '--policy') {
      result.policy = value();
    } else if (flag === '--artifacts') {
      result.artifacts = value();
    } else if (flag === '--github' && inline === undefined) {
      result.github ??= {};
    } else if (flag in githubFlags) {
      (result.github ??= {})[githubFlags[flag as keyof typeof githubFlags]] = value();
    } else if (flag === '--playbook') {
      const playbook = value();
      if (!(playbookSettings as readonly string[]).includes(playbook)) throw new UsageError(`Unknown playbook setting "${playbook}"; use ${playbookSettings.join(', ')}.`);
      result.playbook = playbook as PlaybookSetting;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option "${arg}".`);
    } else if (!folderSeen) {
      result.folder = arg;
      folderSeen = true;
    } else {
      throw new UsageError(`Unexpected argument "${arg}".`);
    }
  }
  const remote = command === 'check' ? parseRemoteRepository(result.folder) : undefined;
  if (remote) {
    if (result.github && Object.keys(result.github).some((key) => key !== 'apiUrl')) throw new UsageError('--repo, --branch and --sha do not go with github:OWNER/REPO[@REF].');
    if (result.github && argv.includes('--github')) throw new UsageError('github:OWNER/REPO always reads GitHub; leave out --github.');
    return { ...result, remote };
  }
  if (!fs.existsSync(result.folder) || !fs.statSync(result.folder).isDirectory()) throw new UsageError(`Folder "${result.folder}" does not exist.`);
  if (result.policy && !fs.existsSync(path.resolve(result.policy))) throw new UsageError(`Policy file "${result.policy}" does not exist.`);
  if (result.github && !argv.includes('--github')) throw new UsageError('--github-api, --repo, --branch and --sha need --github.');
  if (result.github?.sha !== undefined && !/^[0-9a-f]{40}$/i.test(result.github.sha)) throw new UsageError('--sha needs the full 40-character commit id.');
  return result;
}

async function main(argv: string[]): Promise<number> {
  let args: Arguments | 'help';
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`readiness: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (args.command === 'adopt') return adopt(args.folder);
  const log = (message: string) => process.stderr.write(`${message}\n`);
  if (args.command === 'fix') {
    const { snapshot, policyFile } = readFolder(args.folder, args);
    return fix(args, snapshot, { policyFile, artifactsFolder: args.artifacts, playbook: args.playbook, log });
  }
  const checked = args.remote ? await checkRemote(args.remote, { apiUrl: args.github?.apiUrl ?? defaultApiUrl('github.com'), token: tokenFromEnvironment(), policy: args.policy, artifacts: args.artifacts, playbook: args.playbook, log }) : undefined;
  if (checked && 'error' in checked) {
    process.stderr.write(`readiness: github: ${checked.error}\n`);
    return 2;
  }
  const { result, snapshot, githubErrors } = checked ?? await checkFolder(args.folder, {
    policy: args.policy,
    artifacts: args.artifacts,
    playbook: args.playbook,
    ...(args.github ? { github: { overrides: args.github, token: tokenFromEnvironment() } } : {}),
    log,
  });
  for (const error of githubErrors) process.stderr.write(`readiness: github: ${error}\n`);
  const output = {
    text: () => toText(result, { colour: process.stdout.isTTY === true && !process.env.NO_COLOR }),
    json: () => `${JSON.stringify(toJsonOutput(result), null, 2)}\n`,
    sarif: () => `${JSON.stringify(toSarif(result, tool), null, 2)}\n`,
    markdown: () => toMarkdown(result, { headSha: snapshot.headSha }),
  }[args.format]();
  process.stdout.write(output);
  if (result.verdict === 'not-applicable') return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  return result.verdict === 'no-go' ? 1 : 0;
}

/** Writes the starter files of adoption that are not there yet, and says what it wrote and left out. */
function adopt(folder: string): number {
  const adoption = adoptionFiles(new WorkspaceModel(readWorkspace(folder).snapshot));
  for (const file of adoption.files) {
    const target = path.join(folder, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text, { flag: 'wx' });
    process.stdout.write(`wrote ${file.path}\n`);
  }
  for (const file of adoption.existing) process.stdout.write(`kept ${file} (it exists)\n`);
  process.stdout.write(`${adoption.requiredChecks.length} required check${adoption.requiredChecks.length === 1 ? '' : 's'}: ${adoption.requiredChecks.join(', ') || 'none'}\n`);
  for (const job of adoption.leftOut) process.stdout.write(`left out ${job.workflow} job ${job.job}: ${job.reason}\n`);
  return 0;
}

/** `readiness fix`: a unified diff (--dry-run) or the changed files written, then what is left. */
function fix(args: Arguments, snapshot: WorkspaceSnapshot, options: FixOptions): number {
  const outcome = fixAll(snapshot, options);
  let stale = false;
  for (const { title, finding } of outcome.applied) process.stderr.write(`fixed ${finding.file}:${finding.range.start.line + 1} ${finding.rule}: ${title}\n`);
  for (const [file, text] of outcome.changed) {
    const before = snapshot.files.get(file) ?? '';
    if (args.dryRun) process.stdout.write(createTwoFilesPatch(`a/${file}`, `b/${file}`, before, text, undefined, undefined, { context: 3 }));
    else if (!writeFix(args.folder, file, before, text)) {
      process.stderr.write(`readiness: ${file} changed while it was being fixed; nothing written to it.\n`);
      stale = true;
    }
  }
  for (const f of outcome.remaining) process.stderr.write(`left ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule} ${f.message}\n`);
  const verb = args.dryRun ? 'would apply' : 'applied';
  process.stderr.write(`${verb} ${outcome.applied.length} fix${outcome.applied.length === 1 ? '' : 'es'} in ${outcome.changed.size} file${outcome.changed.size === 1 ? '' : 's'}; ${outcome.remaining.length} required-check finding${outcome.remaining.length === 1 ? '' : 's'} left.\n`);
  return outcome.remaining.length === 0 && !stale ? 0 : 1;
}

/** Writes the fixed text only over the text it was computed from, keeping a byte-order mark the reader dropped. */
function writeFix(folder: string, file: string, before: string, after: string): boolean {
  const absolute = path.join(folder, file);
  const bytes = fs.readFileSync(absolute);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\ufeff' : '';
  if (bytes.toString('utf8') !== bom + before) return false;
  fs.writeFileSync(absolute, bom + after);
  return true;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`readiness: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, ParseArgsConfig } from 'node:util';
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
import { describeFailure } from './node/github/client';
import { tokenFromEnvironment } from './node/github/readLive';
import { checkRemote, parseRemoteRepository, RemoteRepository } from './node/github/remoteWorkspace';
import { listRepositories, mergeScanRecords, parseRepositoryList, readScanRecords, ScanRecord, ScanTarget, scanRepositories } from './node/github/scan';
import { scanSummaryHtml, scanSummaryMarkdown } from './node/scanSummary';
import { tool } from './node/tool';
import { readWorkspace } from './node/workspaceReader';

const formats = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof formats)[number];

const usage = `Usage: readiness check [FOLDER] [--format text|json|sarif|markdown] [--policy FILE] [--artifacts DIR] [--playbook auto|adopted|off]
                       [--github [--github-api URL] [--repo OWNER/NAME] [--branch B] [--sha SHA]]
       readiness check github:OWNER/REPO[@REF] [--github-api URL] [--format F] [--policy FILE] [--artifacts DIR] [--playbook P]
       readiness fix [FOLDER] [--dry-run] [--policy FILE] [--artifacts DIR]
       readiness adopt [FOLDER]
       readiness scan ORG|--repos FILE [--out FILE.jsonl] [--concurrency N] [--include-archived] [--github-api URL]
                      [--policy FILE] [--artifacts DIR] [--playbook P]
       readiness scan-summary FILE.jsonl... [--format markdown|html]

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

scan checks every repository of an organisation (or user), or those listed in FILE (OWNER/REPO per line), as
check github:OWNER/REPO does, N at a time (default 4), waiting out GitHub's rate limits; one JSON line per
repository (verdict, finding counts, required-check findings, or why it was skipped: archived, no-access,
empty) to --out, or stdout. Run again with the same --out to resume: recorded repositories are not checked
again (failed ones are). Archived repositories are skipped unless --include-archived.
scan-summary prints the table of one or more such files (the shards of a scan merged), in Markdown or HTML.

adopt writes a starter .github/readiness-policy.json, docs/required_status_checks.json (the names GitHub
will report for the jobs that run on every pull request) and docs/BRANCH_PROTECTION_POLICY.md; files that
exist are left as they are.

Exit status of check: 0 Go or Go with exception (not adopted: no error), 1 No-Go (not adopted: an error), 2 usage error
(or a github: repository or ref that cannot be read).
Exit status of fix: 0 no required-check finding is left, 1 some are left (no preferred fix), 2 usage error.
Exit status of scan: 0 every repository recorded, 1 some failed (rerun to retry them), 2 usage error (or the
organisation cannot be listed).`;

class UsageError extends Error {}

const commands = ['check', 'fix', 'adopt', 'scan', 'scan-summary'] as const;
type Command = (typeof commands)[number];

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

interface ScanArguments {
  command: 'scan';
  owner?: string;
  repos?: string;
  out?: string;
  concurrency: number;
  includeArchived: boolean;
  apiUrl?: string;
  policy?: string;
  artifacts?: string;
  playbook?: PlaybookSetting;
}

interface SummaryArguments {
  command: 'scan-summary';
  files: string[];
  format: SummaryFormat;
}

const summaryFormats = ['markdown', 'html'] as const;
type SummaryFormat = (typeof summaryFormats)[number];

const defaultConcurrency = 4;

const engineOptions = { policy: { type: 'string' }, artifacts: { type: 'string' }, playbook: { type: 'string' } } as const;
const githubOptions = { github: { type: 'boolean' }, 'github-api': { type: 'string' }, repo: { type: 'string' }, branch: { type: 'string' }, sha: { type: 'string' } } as const;
/** The options each command takes. A value that looks like an option (`--policy -h`) is refused as ambiguous, never read as one; `--policy=-h` is the value. */
const commandOptions = {
  check: { ...engineOptions, ...githubOptions, format: { type: 'string' } },
  fix: { ...engineOptions, 'dry-run': { type: 'boolean' } },
  adopt: {},
  scan: { ...engineOptions, 'github-api': { type: 'string' }, repos: { type: 'string' }, out: { type: 'string' }, concurrency: { type: 'string' }, 'include-archived': { type: 'boolean' } },
  'scan-summary': { format: { type: 'string' } },
} as const satisfies Record<Command, ParseArgsConfig['options']>;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) throw new UsageError(`Unknown ${what} "${value}"; use ${allowed.join(', ')}.`);
  return value as T | undefined;
}

/** The parsed options: a string option's value, or true for a flag given. */
type Values = Record<string, string | true | undefined>;

function parseArguments(argv: string[]): Arguments | ScanArguments | SummaryArguments | 'help' {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return 'help';
  if (!(commands as readonly string[]).includes(command)) throw new UsageError(command ? `Unknown command "${command}".` : 'Missing command.');
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { help: { type: 'boolean', short: 'h' }, ...commandOptions[command as Command] }, allowPositionals: true, strict: true }) as { values: Values; positionals: string[] });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
  if (values.help) return 'help';
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const playbook = oneOf(text('playbook'), playbookSettings, 'playbook setting');
  if (command === 'scan-summary') {
    if (positionals.length === 0) throw new UsageError('scan-summary needs at least one JSON Lines file.');
    for (const file of positionals) if (!fs.existsSync(file)) throw new UsageError(`Results file "${file}" does not exist.`);
    return { command, files: positionals, format: oneOf(text('format'), summaryFormats, 'summary format') ?? 'markdown' };
  }
  if (command === 'scan') return scanArguments(values, text, positionals, playbook);
  if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);
  const result: Arguments = { command: command as Arguments['command'], folder: positionals[0] ?? '.', format: oneOf(text('format'), formats, 'format') ?? 'text', dryRun: values['dry-run'] === true, playbook, policy: text('policy'), artifacts: text('artifacts') };
  const github = Object.fromEntries((['apiUrl', 'repo', 'branch', 'sha'] as const).map((key) => [key, text(key === 'apiUrl' ? 'github-api' : key)]).filter(([, value]) => value !== undefined));
  if (values.github || Object.keys(github).length > 0) result.github = github;
  const remote = command === 'check' ? parseRemoteRepository(result.folder) : undefined;
  if (remote) {
    if (Object.keys(github).some((key) => key !== 'apiUrl')) throw new UsageError('--repo, --branch and --sha do not go with github:OWNER/REPO[@REF].');
    if (values.github) throw new UsageError('github:OWNER/REPO always reads GitHub; leave out --github.');
    return { ...result, remote };
  }
  if (!fs.existsSync(result.folder) || !fs.statSync(result.folder).isDirectory()) throw new UsageError(`Folder "${result.folder}" does not exist.`);
  if (result.policy && !fs.existsSync(path.resolve(result.policy))) throw new UsageError(`Policy file "${result.policy}" does not exist.`);
  if (result.github && !values.github) throw new UsageError('--github-api, --repo, --branch and --sha need --github.');
  if (result.github?.sha !== undefined && !/^[0-9a-f]{40}$/i.test(result.github.sha)) throw new UsageError('--sha needs the full 40-character commit id.');
  return result;
}

function scanArguments(values: Values, text: (name: string) => string | undefined, positionals: string[], playbook: PlaybookSetting | undefined): ScanArguments {
  const repos = text('repos');
  const extra = repos !== undefined ? positionals[0] : positionals[1];
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  if (repos === undefined && positionals.length === 0) throw new UsageError('scan needs an organisation (or user), or --repos FILE.');
  if (repos !== undefined && !fs.existsSync(repos)) throw new UsageError(`Repository list "${repos}" does not exist.`);
  const out = text('out');
  if (out !== undefined && (fs.existsSync(out) ? !fs.statSync(out).isFile() : !fs.existsSync(path.dirname(path.resolve(out))))) throw new UsageError(`--out "${out}" is not a file in an existing folder.`);
  const concurrency = Number(text('concurrency') ?? defaultConcurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency needs a whole number from 1 to 64.');
  return { command: 'scan', owner: positionals[0], repos, out, concurrency, includeArchived: values['include-archived'] === true, apiUrl: text('github-api'), policy: text('policy'), artifacts: text('artifacts'), playbook };
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArguments>;
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
  if (args.command === 'scan') return scan(args);
  if (args.command === 'scan-summary') return scanSummary(args);
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

/** `readiness scan`: one JSON line per repository (to --out, resuming it, else stdout), progress on stderr. */
async function scan(args: ScanArguments): Promise<number> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const github = { apiUrl: args.apiUrl ?? defaultApiUrl('github.com'), token: tokenFromEnvironment(), log };
  let targets: ScanTarget[];
  if (args.repos !== undefined) {
    const list = parseRepositoryList(fs.readFileSync(args.repos, 'utf8'));
    if ('error' in list) return usageFailure(`${args.repos}: ${list.error}`);
    targets = list;
  } else {
    try {
      targets = await listRepositories(args.owner!, github);
    } catch (error) {
      process.stderr.write(`readiness: github: ${args.owner}: ${describeFailure(error)}\n`);
      return 2;
    }
  }
  const key = (repo: string) => repo.toLowerCase();
  const recorded = new Set<string>();
  let write = (line: string) => void process.stdout.write(line);
  if (args.out !== undefined) {
    const read = readScanRecords(args.out);
    if ('error' in read) return usageFailure(read.error);
    // Failed repositories are tried again; a line an interrupted run left half-written is cut off.
    for (const record of read.records) if (record.outcome !== 'failed') recorded.add(key(record.repo));
    if (fs.existsSync(args.out)) fs.truncateSync(args.out, read.validLength);
    const fd = fs.openSync(args.out, 'a');
    write = (line) => void fs.writeSync(fd, line);
  }
  const seen = new Set<string>();
  const todo = targets.filter((t) => {
    const name = key(`${t.owner}/${t.repo}`);
    if (seen.has(name)) return false;
    seen.add(name);
    return !recorded.has(name);
  });
  const already = seen.size - todo.length;
  log(`${seen.size} repositor${seen.size === 1 ? 'y' : 'ies'}${already > 0 ? `, ${already} already in ${args.out}` : ''}; checking ${todo.length}, ${args.concurrency} at a time`);
  const records = await scanRepositories(todo, { ...github, concurrency: args.concurrency, includeArchived: args.includeArchived, policy: args.policy, artifacts: args.artifacts, playbook: args.playbook, record: (record) => write(`${JSON.stringify(record)}\n`) });
  const failed = records.filter((r) => r.outcome === 'failed').length;
  if (failed > 0) log(`${failed} repositor${failed === 1 ? 'y' : 'ies'} failed; run again with the same --out to retry them`);
  return failed > 0 ? 1 : 0;
}

/** `readiness scan-summary`: the table of one or more JSON Lines files (shards merged, one row per repository). */
function scanSummary(args: SummaryArguments): number {
  const records: ScanRecord[] = [];
  for (const file of args.files) {
    const read = readScanRecords(file);
    if ('error' in read) return usageFailure(read.error);
    records.push(...read.records);
  }
  const merged = mergeScanRecords(records);
  process.stdout.write(args.format === 'html' ? scanSummaryHtml(merged) : scanSummaryMarkdown(merged));
  return 0;
}

function usageFailure(message: string): number {
  process.stderr.write(`readiness: ${message}\n`);
  return 2;
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

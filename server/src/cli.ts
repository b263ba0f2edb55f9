import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { checkWorkspace } from './core/engine';
import { fixAll } from './core/fixes/fixAll';
import { toJsonOutput } from './core/output/json';
import { toMarkdown } from './core/output/markdown';
import { toSarif } from './core/output/sarif';
import { toText } from './core/output/text';
import type { FixOptions } from './core/fixes/verify';
import type { WorkspaceSnapshot } from './core/workspace';
import { readWorkspace } from './node/workspaceReader';

const formats = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof formats)[number];

const usage = `Usage: readiness check [FOLDER] [--format text|json|sarif|markdown] [--policy FILE] [--artifacts DIR]
       readiness fix [FOLDER] [--dry-run] [--policy FILE] [--artifacts DIR]

check prints the Go/No-Go verdict of a workspace under its readiness policy.
fix applies the preferred fix of every required-check finding (check-name drift), one at a time, each
verified by a re-check before it is applied; --dry-run prints the changes as a unified diff instead.
  FOLDER           the repository folder (default: the current folder)
  --format F       text (default), json, sarif or markdown
  --dry-run        fix: print the diff, write nothing
  --policy FILE    a policy file instead of .github/readiness-policy.json or the embedded default
  --artifacts DIR  the folder (relative to FOLDER) the CI artifacts were downloaded to (default: artifacts)

Exit status of check: 0 Go or Go with exception, 1 No-Go, 2 usage error.
Exit status of fix: 0 no required-check finding is left, 1 some are left (no preferred fix), 2 usage error.`;

class UsageError extends Error {}

interface Arguments {
  command: 'check' | 'fix';
  folder: string;
  dryRun: boolean;
  format: Format;
  policy?: string;
  artifacts?: string;
}

function parseArguments(argv: string[]): Arguments | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const [command, ...rest] = argv;
  if (command !== 'check' && command !== 'fix') throw new UsageError(command ? `Unknown command "${command}".` : 'Missing command.');
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
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option "${arg}".`);
    } else if (!folderSeen) {
      result.folder = arg;
      folderSeen = true;
    } else {
      throw new UsageError(`Unexpected argument "${arg}".`);
    }
  }
  if (!fs.existsSync(result.folder) || !fs.statSync(result.folder).isDirectory()) throw new UsageError(`Folder "${result.folder}" does not exist.`);
  if (result.policy && !fs.existsSync(path.resolve(result.policy))) throw new UsageError(`Policy file "${result.policy}" does not exist.`);
  return result;
}

function main(argv: string[]): number {
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
  const policyFile = args.policy && path.relative(args.folder, path.resolve(args.policy));
  const { snapshot, policyFile: resolvedPolicy } = readWorkspace(args.folder, { policyFile, artifactsFolder: args.artifacts });
  const options = { policyFile: resolvedPolicy, artifactsFolder: args.artifacts, log: (message: string) => process.stderr.write(`${message}\n`) };
  if (args.command === 'fix') return fix(args, snapshot, options);
  const result = checkWorkspace(snapshot, options);
  const output = {
    text: () => toText(result, { colour: process.stdout.isTTY === true && !process.env.NO_COLOR }),
    json: () => `${JSON.stringify(toJsonOutput(result), null, 2)}\n`,
    sarif: () => `${JSON.stringify(toSarif(result, { name: 'release-readiness', version: toolVersion }), null, 2)}\n`,
    markdown: () => toMarkdown(result, { headSha: snapshot.headSha }),
  }[args.format]();
  process.stdout.write(output);
  return result.verdict === 'no-go' ? 1 : 0;
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

declare const TOOL_VERSION: string | undefined;
const toolVersion = typeof TOOL_VERSION === 'string' ? TOOL_VERSION : '0.0.0';

process.exitCode = main(process.argv.slice(2));

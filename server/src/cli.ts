import * as fs from 'node:fs';
import * as path from 'node:path';
import { toJsonOutput } from './core/output/json';
import { toMarkdown } from './core/output/markdown';
import { toSarif } from './core/output/sarif';
import { toText } from './core/output/text';
import { checkFolder } from './node/checkFolder';
import { tokenFromEnvironment } from './node/github/readLive';
import { tool } from './node/tool';

const formats = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof formats)[number];

const usage = `Usage: readiness check [FOLDER] [--format text|json|sarif|markdown] [--policy FILE] [--artifacts DIR]
                       [--github [--github-api URL] [--repo OWNER/NAME] [--branch B] [--sha SHA]]

Prints the Go/No-Go verdict of a workspace under its readiness policy.
  FOLDER           the repository folder (default: the current folder)
  --format F       text (default), json, sarif or markdown
  --policy FILE    a policy file instead of .github/readiness-policy.json or the embedded default
  --artifacts DIR  the folder (relative to FOLDER) the CI artifacts were downloaded to (default: artifacts)
  --github         also read what GitHub knows (token from GITHUB_TOKEN or GH_TOKEN): the branch's rules,
                   the commit's check runs and CI artifacts; without it nothing touches the network
  --github-api URL the REST root (default https://api.github.com; GitHub Enterprise: https://HOST/api/v3)
  --repo O/N       the repository (default: from the origin remote)
  --branch B       the branch (default: the checked-out branch)
  --sha SHA        the commit (default: HEAD)

Exit status: 0 Go or Go with exception, 1 No-Go, 2 usage error.`;

class UsageError extends Error {}

interface Arguments {
  folder: string;
  format: Format;
  policy?: string;
  artifacts?: string;
  github?: { apiUrl?: string; repo?: string; branch?: string; sha?: string };
}

const githubFlags = { '--github-api': 'apiUrl', '--repo': 'repo', '--branch': 'branch', '--sha': 'sha' } as const;

function parseArguments(argv: string[]): Arguments | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const [command, ...rest] = argv;
  if (command !== 'check') throw new UsageError(command ? `Unknown command "${command}".` : 'Missing command.');
  const result: Arguments = { folder: '.', format: 'text' };
  let folderSeen = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--format') {
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
  const { result, snapshot, githubErrors } = await checkFolder(args.folder, {
    policy: args.policy,
    artifacts: args.artifacts,
    ...(args.github ? { github: { overrides: args.github, token: tokenFromEnvironment() } } : {}),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  for (const error of githubErrors) process.stderr.write(`readiness: github: ${error}\n`);
  const output = {
    text: () => toText(result, { colour: process.stdout.isTTY === true && !process.env.NO_COLOR }),
    json: () => `${JSON.stringify(toJsonOutput(result), null, 2)}\n`,
    sarif: () => `${JSON.stringify(toSarif(result, tool), null, 2)}\n`,
    markdown: () => toMarkdown(result, { headSha: snapshot.headSha }),
  }[args.format]();
  process.stdout.write(output);
  return result.verdict === 'no-go' ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`readiness: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);

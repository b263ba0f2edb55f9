// `npm run test:desktop`: the extension-host suite (test/suite) in desktop VS Code, through @vscode/test-electron.
// It downloads VS Code (into .vscode-test/), so it needs internet; offline machines use scripts/e2e.sh instead,
// which runs the same suite in code-server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..'); // out/test/desktop → the repository
  // the suite changes its workspace: give it a copy of the example
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-desktop-'));
  fs.cpSync(path.join(root, 'examples', 'agent-skills'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION, // default: the latest stable
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'suite', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('desktop tests failed:', err);
  process.exit(1);
});

// Entry point of the extension-host suite: VS Code loads this module (extensionTestsPath) inside the real
// extension host, under code-server (scripts/e2e.sh) or under @vscode/test-electron (test/desktop/run.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  const results: { title: string; state: string; ms?: number; error?: string }[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // scripts/e2e.sh counts tests from this file (the workbench only reports an exit code)
      const artifacts = process.env.E2E_ARTIFACTS;
      if (artifacts) {
        const summary = { passes: runner.stats?.passes ?? 0, failures, pending: runner.stats?.pending ?? 0, tests: results };
        fs.writeFileSync(path.join(artifacts, 'suite-result.json'), JSON.stringify(summary, null, 2));
      }
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed.`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
  });
}

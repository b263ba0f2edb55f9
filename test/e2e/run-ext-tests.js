// Runs the extension-host suite (out/test/suite, compiled from test/suite/*.ts) inside code-server's real node
// extension host. The workbench loads the extension from the repository (extensionDevelopmentPath) and the
// suite (extensionTestsPath) from ?payload=, and reports the result through window.codeAutomationExit.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { ROOT, ART, workspaceCopy, launch, workbenchUrl } = require('./workbench');

(async () => {
  const suite = path.join(ROOT, 'out', 'test', 'suite', 'index.js');
  if (!fs.existsSync(suite)) throw new Error(`${suite} missing: npm run compile-tests`);
  const folder = workspaceCopy('suite');
  const { page, close } = await launch();
  let exit;
  const exited = new Promise((r) => (exit = r));
  const log = [];
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args])); // mocha's reporter logs format strings
    log.push(line);
    console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(code));
  const t0 = Date.now();
  await page.goto(workbenchUrl({ folder, extDev: ROOT, extTests: suite }));
  const timeout = +(process.env.E2E_SUITE_TIMEOUT_MS || 240_000);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeout))]);
  await page.screenshot({ path: path.join(ART, code === 0 ? 'suite-final.png' : 'suite-failure.png') }).catch(() => {});
  fs.writeFileSync(path.join(ART, 'suite-console.log'), log.join('\n') + '\n');
  console.error(`[run-ext-tests] extension host exit: ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await close();
  process.exit(code === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(2); });

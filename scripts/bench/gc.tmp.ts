import { PerformanceObserver } from 'node:perf_hooks';
import { checkWorkspace } from '../../server/src/core/engine';
import { forgetRemembered } from '../../server/src/core/memo';
import { ParseCache } from '../../server/src/core/workspace';
import { readWorkspace } from '../../server/src/node/workspaceReader';
import { floorRun } from './cold';
let gc = { minor: 0, major: 0, n: 0 };
new PerformanceObserver((l) => { for (const e of l.getEntries()) { const k = (e as any).detail?.kind; if (k === 1) gc.minor += e.duration; else gc.major += e.duration; gc.n++; } }).observe({ entryTypes: ['gc'] });
const dir = process.argv[2];
const which = process.argv[3];
const files = [...readWorkspace(dir).snapshot.files.keys()];
const run = () => { if (which === 'floor') floorRun(dir, files); else { forgetRemembered(); const { snapshot } = readWorkspace(dir); checkWorkspace(snapshot, { cache: new ParseCache() }); } };
run(); 
(async () => {
  await new Promise((r) => setTimeout(r, 50));
  for (let i = 0; i < 4; i++) {
    gc = { minor: 0, major: 0, n: 0 };
    const t0 = performance.now(); run(); const t = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
    console.log(which, t.toFixed(0), 'ms; gc minor', gc.minor.toFixed(0), 'major', gc.major.toFixed(0), 'n', gc.n);
  }
})();

import * as fs from 'node:fs';
import { WorkspaceModel } from '../../server/src/core/workspace';
import { workflowOf } from '../../server/src/core/workflow/workflowModel';
import { scanEmbeddedPython } from '../../server/src/core/workflow/embeddedPython';
import { findPythonSyntaxError } from '../../server/src/core/workflow/python';
const dir = process.argv[2] + '/.github/workflows/';
const codes: string[] = [];
for (const n of fs.readdirSync(dir)) {
  const file = `.github/workflows/${n}`;
  const w = workflowOf(new WorkspaceModel({ files: new Map([[file, fs.readFileSync(dir + n, 'utf8')]]), now: new Date() }), file)!;
  for (const job of w.jobs) for (const step of job.steps) if (step.run) for (const s of scanEmbeddedPython(step.run).snippets) codes.push(s.code);
}
const distinct = [...new Set(codes)];
let t = performance.now(); for (const c of distinct) findPythonSyntaxError(c); console.log('python', distinct.length, (performance.now() - t).toFixed(0), 'ms');

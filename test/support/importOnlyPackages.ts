import * as path from 'node:path';
import { repoRoot } from './paths';

/**
 * @actions/expressions exports its ES modules for `import` only. The bundles honour that; the tests run
 * tsc's CommonJS output, whose require() cannot match the export, so it gets the module's file, which
 * node (≥ 20.19) loads with require() as it is. Loaded by mocha before any test.
 */
const importOnly = ['@actions/expressions'];

type Resolve = (request: string, ...rest: unknown[]) => string;
const nodeModule = require('node:module') as { _resolveFilename: Resolve };
const resolve = nodeModule._resolveFilename;
nodeModule._resolveFilename = function (request, ...rest) {
  const name = importOnly.find((p) => request === p || request.startsWith(`${p}/`));
  if (name === undefined) return resolve.call(this, request, ...rest);
  return path.join(repoRoot, 'node_modules', name, 'dist', `${request.slice(name.length + 1) || 'index'}.js`);
};

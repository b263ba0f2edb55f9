// Bundles the extension client, the language server, the CLI and the GitHub Action with esbuild.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';
import { writeEditorSchemas } from './editorSchemas.mjs';
import { precompiledValidators, writeSchemaValidators } from './schemaValidators.mjs';

const { version, repository } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD main hides its requires from the bundler; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [precompiledValidators('dist/schemaValidators.js')],
  define: { TOOL_VERSION: JSON.stringify(version), TOOL_HOME: JSON.stringify(repository.url.replace(/\.git$/, '')) },
};

const entries = [
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // action.yml runs this file as it is: everything it needs, @actions/core included, is inside.
  { entryPoints: ['server/src/action.ts'], outfile: 'dist/action.js' },
];

writeSchemaValidators('dist/schemaValidators.js');
await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
chmodSync('dist/cli.js', 0o755);
writeEditorSchemas('schemas', 'dist/schemas');

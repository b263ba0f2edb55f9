// The validators of every schema in schemas/, compiled by ajv at build time (its standalone code), so that the
// bundles do not compile them at run time: a quarter of a CLI run on a small repository, and part of the
// server's first verdict. server/src/core/schemas/validators.ts compiles the same schemas at run time.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function writeSchemaValidators(outFile) {
  const options = JSON.parse(readFileSync('server/src/core/schemas/ajvOptions.json', 'utf8'));
  const ajv = new Ajv({ ...options, code: { source: true } });
  const ids = readdirSync('schemas').filter((f) => f.endsWith('.schema.json')).map((f) => f.slice(0, -'.schema.json'.length)).sort();
  for (const id of ids) ajv.addSchema(JSON.parse(readFileSync(join('schemas', `${id}.schema.json`), 'utf8')), id);
  const code = standaloneCode(ajv, Object.fromEntries(ids.map((id) => [id, id])));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${code}\nexports.validatorFor = (id) => exports[id];\n`);
}

/** An esbuild plugin: the schema registry's `./validators` is the file writeSchemaValidators wrote. */
export function precompiledValidators(file) {
  return {
    name: 'precompiled-schema-validators',
    setup(build) {
      build.onResolve({ filter: /^\.\/validators$/ }, (args) => (args.importer.endsWith(join('core', 'schemas', 'registry.ts')) ? { path: resolve(file) } : undefined));
    },
  };
}

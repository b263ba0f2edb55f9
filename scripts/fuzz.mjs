// Long fuzz run: FUZZ_RUNS inputs (default 100,000) per file kind, the kinds spread over one process per core.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const runs = process.env.FUZZ_RUNS ?? '100000';
const shards = Number(process.env.FUZZ_PROCESSES ?? availableParallelism());
const started = Date.now();
const codes = await Promise.all(
  Array.from({ length: shards }, (_, shard) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['node_modules/mocha/bin/mocha.js', '--no-config', '--require', 'out/test/support/importOnlyPackages.js', '--timeout', '0', 'out/test/unit/core/fuzz.test.js'], {
        env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SHARD: `${shard}/${shards}` },
        stdio: 'inherit',
      });
      child.on('exit', resolve);
    }),
  ),
);
console.log(`fuzz: ${runs} inputs per file kind, ${shards} processes, ${((Date.now() - started) / 60000).toFixed(1)} min`);
process.exitCode = codes.every((code) => code === 0) ? 0 : 1;

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkWorkspace } from '../../../server/src/core/engine';
import { LineIndex } from '../../../server/src/core/text/lineIndex';
import { ParseCache } from '../../../server/src/core/workspace';
import { applyMutation, mutations } from '../../fuzz/mutations';
import { companionTexts, fuzzTargets, originalText } from '../../fuzz/targets';

/** `npm test` runs a bounded number per file kind; `npm run fuzz` sets FUZZ_RUNS for the long run. */
const runs = Number(process.env.FUZZ_RUNS ?? 150);
/** `index/count`: this process fuzzes every count-th file kind, so long runs use every core. */
const [shard, shards] = (process.env.FUZZ_SHARD ?? '0/1').split('/').map(Number);
const now = new Date('2026-11-20T12:00:00Z');

describe(`fuzz: mutated files never break the engine (${runs} inputs per file kind)`, function () {
  this.timeout(0);
  const only = process.env.FUZZ_KIND;
  for (const target of fuzzTargets.filter((t, index) => index % shards === shard && (!only || t.kind.startsWith(only)))) {
    it(target.kind, () => {
      const original = originalText(target);
      const companions = companionTexts(target);
      const cache = new ParseCache();
      const started = Date.now();
      fc.assert(
        fc.property(mutations, (edits) => {
          const text = edits.reduce(applyMutation, original);
          const files = new Map(companions).set(target.file, text);
          const result = checkWorkspace({ files, now }, { cache });
          assert.ok(!result.findings.some((f) => f.rule === 'internal-error'), `no rule fault: ${JSON.stringify(result.findings.filter((f) => f.rule === 'internal-error').map((f) => f.message))}`);
          for (const finding of result.findings) {
            const fileText = files.get(finding.file);
            if (fileText === undefined) continue; // a finding about an absent file sits at its start
            const lines = new LineIndex(fileText);
            for (const position of [finding.range.start, finding.range.end]) {
              assert.ok(position.line < lines.lineCount, `${finding.rule}: line ${position.line} inside ${finding.file}`);
              assert.ok(lines.offsetAt(position) - lines.lineStart(position.line) === position.character, `${finding.rule}: character inside the line`);
            }
          }
          // Deterministic: the same input gives the same answer, with or without cached parses.
          const again = checkWorkspace({ files, now });
          assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(result)));
        }),
        { numRuns: runs, seed: 20261124 },
      );
      if (runs >= 10_000) console.log(`      ${target.kind}: ${runs} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  }
});

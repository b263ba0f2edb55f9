import { canBeFalse } from '../workflow/expressions';
import { requiredChecksRule } from './requiredChecksRule';

export const rule = requiredChecksRule({
  id: 'required-check-skipped-matrix',
  description: 'A required check on a matrix job whose own if: can be false: GitHub then skips the job under its unexpanded name, the expanded names never report, and the pull request waits forever.',
  defaultSeverity: 'warning',
  check(checks, report) {
    for (const check of checks.checks) {
      const entry = checks.mappingByName.get(check.name);
      const resolved = entry && checks.resolved.get(entry);
      const job = resolved?.job;
      if (!job || !resolved.workflow || job.matrix === undefined || !canBeFalse(job.if)) continue;
      // Skipped before expansion: one check under the raw name, `${{ matrix.* }}` left as written, no suffix.
      const skippedName = job.name ?? job.id;
      if (skippedName === check.name) continue;
      report({
        range: checks.doc.rangeOf(check.node),
        message: `Required check "${check.name}" comes from matrix job "${job.id}" in ${resolved.workflow.fileName}, whose if: ${job.if} can be false: GitHub then skips the whole matrix and reports one skipped check "${skippedName}", never "${check.name}", so the pull request waits for it forever. Require an aggregating job instead (needs: ${job.id}, if: always(), failing unless needs.${job.id}.result is success).`,
        related: [{ file: resolved.workflow.file, range: (job.nameRange ?? job.idRange)!, message: `matrix job ${job.id}` }],
      });
    }
  },
});

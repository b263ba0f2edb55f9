import type { CheckFixData } from '../requiredChecks/fixData';
import { pullRequestTriggers } from '../workflow/workflowModel';
import { requiredChecksRule } from './requiredChecksRule';

export const rule = requiredChecksRule<CheckFixData>({
  id: 'required-check-trigger',
  description: 'The workflow of a required check must run on pull requests (pull_request or pull_request_target; merge_group alone is not enough), without path filters that can skip it: a required check that never reports blocks the merge.',
  defaultSeverity: 'warning',
  check(checks, report) {
    const seen = new Set<string>();
    for (const [entry, resolved] of checks.resolved) {
      const workflow = resolved.workflow;
      if (!workflow || !entry.workflowNode || !workflow.triggers || seen.has(entry.name)) continue;
      seen.add(entry.name);
      const { events, filtered } = pullRequestTriggers(workflow.triggers);
      // One unfiltered pull-request event is enough for the check to report.
      if (events.length > 0 && filtered.length < events.length) continue;
      const range = checks.doc.rangeOf(entry.workflowNode);
      const about = { check: entry.name, data: { fixes: [] } satisfies CheckFixData };
      if (events.length === 0) {
        const queueOnly = workflow.triggers.some((t) => t.event === 'merge_group') ? ' (merge_group runs only once a pull request is queued, which needs the check first)' : '';
        report({ range, message: `${workflow.fileName} does not run on pull_request or pull_request_target${queueOnly}, so required check "${entry.name}" is never reported on a pull request and blocks every merge.`, ...about });
        continue;
      }
      const how = filtered.map((t) => `${t.event} (${t.filters.join(', ')})`).join('; ');
      report({ range, message: `${workflow.fileName} runs on ${how}: a pull request these filters skip never reports required check "${entry.name}", and waits for it forever.`, ...about });
    }
  },
});

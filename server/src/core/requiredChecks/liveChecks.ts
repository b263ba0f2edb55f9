import type { LiveRequiredCheck } from '../live';
import type { LiveCheckStatus, Range } from '../types';
import { pullRequestTriggers, readWorkflows, Workflow } from '../workflow/workflowModel';
import type { WorkspaceModel } from '../workspace';
import type { CheckFix } from './fixData';
import { JobReporter, jobReporters } from './model';
import { nearMisses } from './nearMiss';

/** Whether a workflow reports its checks on every pull request, and if not, why. */
export function pullRequestReach(workflow: Workflow): { reaches: true } | { reaches: false; why: string; filtered: boolean } | undefined {
  if (!workflow.triggers) return undefined;
  const { events, filtered } = pullRequestTriggers(workflow.triggers);
  if (events.length === 0) return { reaches: false, why: `${workflow.fileName} does not run on pull_request or pull_request_target`, filtered: false };
  // One unfiltered pull-request event is enough for the check to report.
  if (filtered.length < events.length) return { reaches: true };
  return { reaches: false, why: `${workflow.fileName} runs on ${filtered.map((t) => `${t.event} (${t.filters.join(', ')})`).join('; ')}, which skip some pull requests`, filtered: true };
}

/** A required check of the branch's rules, joined with the jobs that report it. */
export interface LiveCheckAssessment extends LiveCheckStatus {
  check: LiveRequiredCheck;
  /** Jobs whose reported names include the check. */
  reporters: JobReporter[];
  /** An unreported check that its jobs report on the pull requests their path or branch filters let through. */
  filteredOnly?: true;
  /** Where an unreported check is shown in the workflows, and the fixes that would make a job report it. */
  site?: { file: string; range: Range; fixes: CheckFix[] };
}

/** The branch's live required checks (one per context), each with the jobs that report it; undefined without live rules. */
export function assessLiveRequiredChecks(model: WorkspaceModel): LiveCheckAssessment[] | undefined {
  const rules = model.snapshot.live?.rules;
  if (!rules) return undefined;
  return model.derived('live-required-checks', '', () => {
    const workflows = readWorkflows(model);
    const reporters = jobReporters(workflows);
    const seen = new Set<string>();
    return rules.requiredChecks.filter((c) => !seen.has(c.context) && seen.add(c.context)).map((check) => assess(check, reporters, workflows));
  });
}

function jobSite(reporter: JobReporter): { file: string; range: Range } {
  return { file: reporter.workflow.file, range: (reporter.job.nameRange ?? reporter.job.idRange)! };
}

function assess(check: LiveRequiredCheck, all: JobReporter[], workflows: Workflow[]): LiveCheckAssessment {
  const base = { check, context: check.context, source: check.source, ...(check.integrationId !== undefined ? { integrationId: check.integrationId } : {}) };
  const reporters = all.filter((r) => r.reported.names.includes(check.context));
  const reaching = reporters.filter((r) => pullRequestReach(r.workflow)?.reaches !== false);
  if (reaching.length > 0) {
    return { ...base, reporters, state: 'reported', reason: `reported by ${reaching.map((r) => `${r.workflow.fileName} job ${r.job.id}`).join(', ')}` };
  }
  if (reporters.length > 0) {
    const reaches = reporters.map((r) => pullRequestReach(r.workflow) as { why: string; filtered: boolean });
    const why = reaches.map((r) => r.why).join('; ');
    const jobs = reporters.map((r) => `${r.workflow.fileName} job ${r.job.id}`).join(', ');
    return {
      ...base,
      reporters,
      state: 'unreported',
      ...(reaches.some((r) => r.filtered) ? { filteredOnly: true as const } : {}),
      reason: `only ${jobs} ${reporters.length === 1 ? 'reports' : 'report'} it, and ${why}`,
      site: { ...jobSite(reporters[0]), fixes: [] },
    };
  }
  const candidates = all.filter((r) => pullRequestReach(r.workflow)?.reaches !== false);
  const close = nearMisses(check.context, candidates.flatMap((r) => r.reported.names))[0];
  const nearest = close !== undefined ? candidates.find((r) => r.reported.names.includes(close)) : undefined;
  if (nearest) {
    const fixes: CheckFix[] = nearest.job.matrix === undefined && nearest.job.uses === undefined ? [{ fix: 'setJobName', check: check.context, workflowFile: nearest.workflow.file, jobId: nearest.job.id }] : [];
    return { ...base, reporters, state: 'unreported', reason: `no job reports it; ${nearest.workflow.fileName} job ${nearest.job.id} reports "${close}"`, site: { ...jobSite(nearest), fixes } };
  }
  const unresolved = candidates.find((r) => r.reported.unresolved);
  if (unresolved) {
    return { ...base, reporters, state: 'uncertain', reason: `no job is known to report it; the names of ${unresolved.workflow.fileName} job ${unresolved.job.id} cannot be computed (${unresolved.reported.unresolved})`, site: { ...jobSite(unresolved), fixes: [] } };
  }
  const folder = workflows.find((w) => pullRequestReach(w)?.reaches === true && w.jobsKeyRange) ?? workflows.find((w) => w.jobsKeyRange);
  return { ...base, reporters, state: 'unreported', reason: 'no workflow job reports it', ...(folder ? { site: { file: folder.file, range: folder.jobsKeyRange!, fixes: [] } } : {}) };
}

import { parsePath } from '../parse/jsonDocument';
import { ControlDefinition, Criterion, isRequired, Policy, relocatePath } from '../policy/policy';
import { assessReport, duplicateKeyReason, ReportAssessment } from '../reports/assessment';
import { contradictions, failingEntries } from '../reports/invariants';
import type { ControlResult, ControlState, FailingItem, Range } from '../types';
import { artifactUploads, firstYamlError, readWorkflows, workflowFiles } from '../workflow/workflowModel';
import { baseName, hourMs, WorkspaceModel } from '../workspace';
import { CiOutcome, lookUpCiOutcome } from './ciEvidence';
import { criterionHolds, describeCriterion, describeValue } from './criteria';
import { AssessedRecord } from './exceptions';

/** A criterion of a control that its evidence does not meet, where to show it, and why. */
export interface UnmetCriterion {
  controlId: string;
  file: string;
  range: Range;
  message: string;
  /** The criterion (or state) unmet, without the value found. */
  subject: string;
}

export interface ControlEvaluation {
  results: ControlResult[];
  unmet: UnmetCriterion[];
}

type Outcome = Omit<ControlResult, 'id' | 'section' | 'title' | 'required' | 'remediation' | 'localValidation' | 'failing'> & {
  failing?: FailingItem[];
  /** Evidence files whose own controls decide this one (an executive summary unverified only through them). */
  deferredTo?: string[];
};

/** A control's evaluation as kept across checks: its result, the criteria it leaves unmet, the inputs it defers to. */
interface Evaluated {
  result: ControlResult;
  unmet: UnmetCriterion[];
  deferredTo?: string[];
}

/** A control's result with the exception window applied, and the criterion that leaves unmet in its file. */
interface Judged {
  result: ControlResult;
  unverified?: UnmetCriterion;
}

/**
 * The last evaluation of each policy. A check whose controls all kept their results, with the same
 * exception records, gives it again (the same object); one where some changed judges those alone.
 */
const lastEvaluations = new WeakMap<Policy, { evaluations: Evaluated[]; records: AssessedRecord[]; fileProblem?: string; judged: Judged[]; evaluation: ControlEvaluation }>();

/** Evaluates every control of the policy against the workspace, then applies valid exception records. */
export function evaluateControls(model: WorkspaceModel, policy: Policy, records: AssessedRecord[]): ControlEvaluation {
  const exceptionFile = policy.exceptions?.file;
  const exceptionDoc = exceptionFile ? model.json(exceptionFile) : undefined;
  // A record in a file that says two things grants nothing; say so rather than "no record".
  const fileProblem = exceptionFile && exceptionDoc ? duplicateKeyReason(exceptionFile, exceptionDoc) : undefined;
  // Kept until the files the control reads change (not at all when it reads the clock); worked out again
  // then, and kept as it was when it comes out equal (a workflow edit leaves most controls that read workflows so).
  const evaluations = model.derivedEach('control', controlKeys(policy), (key, current): Evaluated => {
    const control = policy.controls[Number(key)];
    const own: UnmetCriterion[] = [];
    let outcome: Outcome;
    try {
      outcome = evaluate(current, policy, control, own);
    } catch (error) {
      // One broken control must not take the verdict down with it; it simply cannot pass.
      outcome = { state: 'invalid', reason: `Internal error while evaluating this control: ${error instanceof Error ? error.message : String(error)}.` };
    }
    const { deferredTo, ...rest } = outcome;
    const result: ControlResult = {
      id: control.id,
      section: control.section,
      title: control.title,
      required: isRequired(policy, control),
      remediation: control.remediation ?? '',
      localValidation: control.localValidation ?? [],
      ...rest,
      failing: rest.failing ?? [],
    };
    return { result, unmet: own, deferredTo };
  }, true);
  const last = lastEvaluations.get(policy);
  const comparable = last !== undefined && last.records === records && last.fileProblem === fileProblem && last.evaluations.length === evaluations.length;
  if (comparable && evaluations.every((evaluated, index) => evaluated === last.evaluations[index])) return last.evaluation;
  const judged = evaluations.map((evaluated, index) => (comparable && evaluated === last.evaluations[index] ? last.judged[index] : judge(model, policy, evaluated, index, records, fileProblem)));
  const unmet: UnmetCriterion[] = [];
  const deferred = new Map<number, string[]>();
  const results = judged.map(({ result, unverified }, index): ControlResult => {
    const evaluated = evaluations[index];
    for (const criterion of evaluated.unmet) unmet.push(criterion);
    if (unverified) unmet.push(unverified);
    // Waived or marked No-Go by the exception window: decided, not deferred to its inputs.
    if (evaluated.deferredTo && result === evaluated.result) deferred.set(index, evaluated.deferredTo);
    return result;
  });
  // A summary unverified only through inputs whose controls are waived is acceptable, like them.
  for (const [index, paths] of deferred) {
    const summary = results[index];
    const owners = paths.map((path) => results[policy.controls.findIndex((c) => c.evidence.kind === 'report' && c.evidence.path === path)]);
    if (owners.every((owner) => owner?.state === 'waived' || owner?.state === 'passed')) {
      results[index] = model.asBefore('waived-through-inputs', String(index), { ...summary, state: 'passed', reason: `${baseName(summary.file!)}: ${unverifiedThrough(paths)}, waived by exception: ${owners.map((o) => o!.id).join(', ')}.` });
    }
  }
  const evaluation = { results, unmet };
  lastEvaluations.set(policy, { evaluations, records, fileProblem, judged, evaluation });
  return evaluation;
}

function judge(model: WorkspaceModel, policy: Policy, evaluated: Evaluated, index: number, records: AssessedRecord[], fileProblem: string | undefined): Judged {
  const applied = applyException(policy, evaluated.result, records, fileProblem);
  const result = applied === evaluated.result ? applied : model.asBefore('judged-control', String(index), applied);
  // Unverified and not waived: say so in the file too, where the maintainer looks.
  if (result.required && result.state === 'unverified' && result.file && result.range && policy.exceptions?.controls.includes(result.id)) {
    return { result, unverified: { controlId: result.id, file: result.file, range: result.range, message: result.reason.replace(/\.$/, ''), subject: result.state } };
  }
  return { result };
}

/** The keys of the policy's controls for derived results: their indexes, once per policy. */
const keysByPolicy = new WeakMap<Policy, string[]>();

function controlKeys(policy: Policy): string[] {
  let keys = keysByPolicy.get(policy);
  if (!keys) keysByPolicy.set(policy, (keys = policy.controls.map((_, index) => String(index))));
  return keys;
}

const unverifiedThrough = (paths: readonly string[]) => `unverified only through ${paths.join(', ')}`;

function evaluate(model: WorkspaceModel, policy: Policy, control: ControlDefinition, unmet: UnmetCriterion[]): Outcome {
  const evidence = control.evidence;
  switch (evidence.kind) {
    case 'report': {
      const files = model.match(evidence.path);
      if (files.length === 0) {
        return evidence.optional
          ? { state: 'passed', reason: `Not applicable: no ${evidence.path} in the workspace.` }
          : { state: 'missing', reason: `${evidence.path} is not in the workspace.` };
      }
      const outcomes = files.map((file) => evaluateReport(model, control, file, unmet));
      return outcomes.find((o) => o.state !== 'passed') ?? outcomes[0];
    }
    case 'executiveSummary':
      return evaluateExecutiveSummary(model, policy, control, evidence.path, evidence.unverifiedAllowedFor ?? [], unmet);
    case 'ciJob':
      return evaluateCiJob(model, policy, control, evidence.check, evidence.publishes ?? [], unmet);
    case 'workflowArtifact': {
      if (readWorkflows(model).length === 0) return { state: 'missing', reason: 'No workflow files in .github/workflows/.' };
      const uploads = artifactUploads(model, evidence.name);
      if (uploads.length === 0) {
        // A workflow that does not parse (a duplicate key included) may well upload it: unknown, not absent.
        const unread = workflowFiles(model).find((file) => (!evidence.workflow || baseName(file) === evidence.workflow) && firstYamlError(model, file) !== undefined);
        const error = unread ? firstYamlError(model, unread) : undefined;
        if (unread && error) return { state: 'invalid', reason: `${baseName(unread)} is not valid YAML (line ${error.range.start.line + 1}: ${error.message.replace(/\.$/, '')}), so whether it uploads "${evidence.name}" is not known.`, file: unread, range: error.range };
        return { state: 'failed', reason: `No workflow job uploads an artifact named "${evidence.name}".` };
      }
      const first = uploads[0];
      return {
        state: 'passed',
        reason: `Uploaded by ${uploads.map((u) => `${u.jobId} (${u.fileName})`).join(', ')}.`,
        file: first.file,
        range: first.withNameRange,
      };
    }
    case 'manual':
      return { state: 'unverified', reason: `Manual: ${evidence.instructions}` };
  }
}

function invalidOutcome(assessment: ReportAssessment): Outcome {
  return { state: 'invalid', reason: `${assessment.invalidBecause}.`, file: assessment.file, range: assessment.doc.lines.range(0, 0) };
}

function unreadOutcome(model: WorkspaceModel, file: string): Outcome {
  return { state: 'invalid', reason: `${file} was not read: ${model.skippedReason(file)}.`, file };
}

/** Outcomes of a report control per parse of its file: unchanged text, unchanged outcome (unless its age matters). */
const reportOutcomes = new WeakMap<object, WeakMap<ControlDefinition, { outcome: Outcome; unmet: UnmetCriterion[] }>>();

function evaluateReport(model: WorkspaceModel, control: ControlDefinition, file: string, unmet: UnmetCriterion[]): Outcome {
  const doc = model.json(file);
  if (!doc || control.maxAgeHours !== undefined) return computeReportOutcome(model, control, file, unmet);
  let byControl = reportOutcomes.get(doc);
  if (!byControl) reportOutcomes.set(doc, (byControl = new WeakMap()));
  let cached = byControl.get(control);
  if (!cached) {
    const own: UnmetCriterion[] = [];
    cached = { outcome: computeReportOutcome(model, control, file, own), unmet: own };
    byControl.set(control, cached);
  }
  unmet.push(...cached.unmet);
  return cached.outcome;
}

function computeReportOutcome(model: WorkspaceModel, control: ControlDefinition, file: string, unmet: UnmetCriterion[]): Outcome {
  const assessment = assessReport(model, file);
  if (!assessment) return unreadOutcome(model, file);
  if (assessment.invalidBecause) return invalidOutcome(assessment);
  const { doc } = assessment;
  const statusRange = doc.rangeNear(['status']);
  const stale = staleness(model, control, assessment);
  if (stale) return { state: 'stale', reason: stale, file, range: doc.rangeNear(['generated_at']) };
  const failing = assessment.kind ? failingItems(assessment) : [];
  if (control.unverifiedWhen && criterionHolds(control.unverifiedWhen, doc.valueAt(parsePath(control.unverifiedWhen.field)))) {
    return { state: 'unverified', reason: `${baseName(file)}: ${describeCriterion(control.unverifiedWhen)}.`, file, range: statusRange, failing };
  }
  const misses = unmetCriteria(control.acceptance ?? [], (field) => doc.valueAt(parsePath(field)));
  if (misses.length === 0) {
    const contradiction = assessment.kind ? contradictions(assessment.kind.family, doc)[0] : undefined;
    // A report that contradicts itself is not evidence of anything, whatever its status says.
    if (contradiction) {
      const field = contradiction.expectation.path.join('.');
      return { state: 'failed', reason: `${baseName(file)} contradicts itself: ${field} is ${JSON.stringify(contradiction.actual)}, but ${contradiction.expectation.because} gives ${JSON.stringify(contradiction.expectation.expected)}.`, file, range: doc.rangeNear(contradiction.expectation.path), failing };
    }
    return { state: 'passed', reason: `${baseName(file)}: ${summaryOf(control)}.`, file, range: statusRange };
  }
  for (const miss of misses) {
    unmet.push({ controlId: control.id, file, range: doc.rangeNear(parsePath(miss.criterion.field)), message: miss.message, subject: miss.subject });
  }
  return { state: 'failed', reason: `${baseName(file)}: ${misses.map((m) => m.message).join('; ')}.`, file, range: doc.rangeNear(parsePath(misses[0].criterion.field)), failing };
}

function evaluateExecutiveSummary(model: WorkspaceModel, policy: Policy, control: ControlDefinition, path: string, allowed: string[], unmet: UnmetCriterion[]): Outcome {
  const assessment = assessReport(model, path);
  if (!assessment) return model.skippedReason(path) !== undefined ? unreadOutcome(model, path) : { state: 'missing', reason: `${path} must be present (it is not in the workspace).` };
  if (assessment.invalidBecause) return invalidOutcome(assessment);
  const { doc } = assessment;
  const range = doc.rangeNear(['status']);
  const failing = failingItems(assessment);
  const status = doc.valueAt(['status']);
  // Entry paths are as the CI wrote them; the workspace may keep the artifacts elsewhere.
  const entries = ((doc.valueAt(['reports']) as { path?: unknown; status?: unknown }[]) ?? []).map((e) => ({ ...e, path: relocatePath(policy, String(e.path)) }));
  const notPassed = entries.filter((entry) => entry.status !== 'passed');
  const names = notPassed.map((e) => `${baseName(String(e.path))} ${String(e.status)}`).join(', ');
  // The entries decide, not the status field: a failed or invalid entry is never acceptable (§2.4).
  if (notPassed.some((e) => e.status === 'failed' || e.status === 'invalid')) {
    for (const miss of unmetCriteria(control.acceptance ?? [], (field) => doc.valueAt(parsePath(field)))) unmet.push({ controlId: control.id, file: path, range, message: miss.message, subject: miss.subject });
    return { state: 'failed', reason: `${baseName(path)}: status is ${describeValue(status)} (${names}).`, file: path, range, failing };
  }
  if (status === 'unverified' && notPassed.length > 0 && notPassed.every((e) => e.status === 'unverified' && allowed.includes(String(e.path)))) {
    return {
      state: 'unverified',
      reason: `${baseName(path)}: ${unverifiedThrough(notPassed.map((e) => String(e.path)))}; acceptable only under the exception window (§2.5).`,
      file: path,
      range,
      failing,
      deferredTo: notPassed.map((e) => String(e.path)),
    };
  }
  const misses = unmetCriteria(control.acceptance ?? [], (field) => doc.valueAt(parsePath(field)));
  if (misses.length === 0 && notPassed.length === 0) return { state: 'passed', reason: `${baseName(path)}: ${summaryOf(control)}.`, file: path, range };
  for (const miss of misses) unmet.push({ controlId: control.id, file: path, range, message: miss.message, subject: miss.subject });
  return { state: status === 'failed' ? 'failed' : 'unverified', reason: `${baseName(path)}: status is ${describeValue(status)}${names ? ` (${names})` : ''}.`, file: path, range, failing };
}

function evaluateCiJob(model: WorkspaceModel, policy: Policy, control: ControlDefinition, check: string, publishes: string[], unmet: UnmetCriterion[]): Outcome {
  const lookup = lookUpCiOutcome(model, policy, check);
  if ('notFound' in lookup) {
    const file = lookup.file;
    return { state: lookup.state, reason: `${lookup.notFound}.`, file, range: file ? model.json(file)?.lines.range(0, 0) : undefined };
  }
  const outcome: CiOutcome = lookup.found;
  const doc = model.json(outcome.file)!;
  const range = doc.rangeNear(outcome.path);
  const head = model.snapshot.headSha;
  if (head && outcome.headSha && outcome.headSha !== head) {
    return { state: 'stale', reason: `The check runs are for commit ${outcome.headSha.slice(0, 7)}, but HEAD is ${head.slice(0, 7)}; save them again for HEAD.`, file: outcome.file, range };
  }
  if (outcome.fields.status !== 'completed') {
    return { state: 'unverified', reason: `${check} has not completed (status ${describeValue(outcome.fields.status)}).`, file: outcome.file, range };
  }
  const misses = unmetCriteria(control.acceptance ?? [], (field) => outcome.fields[field]);
  if (misses.length > 0) {
    for (const miss of misses) unmet.push({ controlId: control.id, file: outcome.file, range, message: miss.message, subject: miss.subject });
    return {
      state: 'failed',
      reason: `${check}: conclusion ${describeValue(outcome.fields.conclusion)} (${misses.map((m) => m.criterion.label ?? describeCriterion(m.criterion)).join('; ')}).`,
      file: outcome.file,
      range,
      failing: [{ label: check, detail: `conclusion ${describeValue(outcome.fields.conclusion)}`, file: outcome.file, range }],
    };
  }
  for (const published of publishes) {
    const assessment = assessReport(model, published);
    if (!assessment) return { state: 'missing', reason: `${check} passed but ${published} is not in the workspace; download the job's artifact.`, file: outcome.file, range };
    if (assessment.invalidBecause) return invalidOutcome(assessment);
  }
  const also = publishes.length > 0 ? `; published ${publishes.map(baseName).join(' and ')}` : '';
  return { state: 'passed', reason: `${check}: conclusion ${describeValue(outcome.fields.conclusion)}${also}.`, file: outcome.file, range };
}

function unmetCriteria(criteria: Criterion[], read: (field: string) => unknown): { criterion: Criterion; message: string; subject: string }[] {
  return criteria
    .map((criterion) => ({ criterion, value: read(criterion.field) }))
    .filter(({ criterion, value }) => !criterionHolds(criterion, value))
    .map(({ criterion, value }) => ({ criterion, message: `${describeCriterion(criterion)} — found ${describeValue(value)}`, subject: describeCriterion(criterion) }));
}

/** Why a control passed, in one short line (the panel shows it beside the control). */
function summaryOf(control: ControlDefinition): string {
  const criteria = control.acceptance ?? [];
  if (criteria.length === 0) return 'present and valid';
  return criteria.length === 1 ? describeCriterion(criteria[0]) : `all ${criteria.length} acceptance criteria met`;
}

function failingItems(assessment: ReportAssessment): FailingItem[] {
  if (!assessment.kind) return [];
  const { doc } = assessment;
  return failingEntries(assessment.kind.family, doc).map((entry) => {
    // The whole entry: opening it from the panel selects every field of the failing check, not its brace.
    return { label: entry.label, detail: entry.detail, file: assessment.file, range: doc.rangeAt(entry.path) ?? doc.rangeNear(entry.path) };
  });
}

function staleness(model: WorkspaceModel, control: ControlDefinition, assessment: ReportAssessment): string | undefined {
  if (control.maxAgeHours === undefined) return undefined;
  const generated = assessment.doc.valueAt(['generated_at']);
  const time = typeof generated === 'string' ? Date.parse(generated) : NaN;
  if (Number.isNaN(time)) return `${baseName(assessment.file)} has no readable generated_at; the policy limits its age to ${control.maxAgeHours} h.`;
  if (!model.isPast(time + control.maxAgeHours * hourMs)) return undefined;
  return `${baseName(assessment.file)} was generated ${model.wholeHoursSince(time)} h ago (${generated}); the policy allows ${control.maxAgeHours} h.`;
}

function applyException(policy: Policy, result: ControlResult, records: AssessedRecord[], fileProblem?: string): ControlResult {
  const window = policy.exceptions;
  if (!window || !window.controls.includes(result.id)) return result;
  const mine = records.filter((r) => r.record.check_id === result.id);
  const valid = mine.find((r) => r.problems.length === 0);
  if (!window.states.includes(result.state as ControlState)) return result;
  if (!valid) {
    const why = fileProblem ?? (mine.length === 0 ? `no exception record in ${window.file}` : `the exception record is not valid: ${mine[0].problems[0].message.replace(/\.$/, '')}`);
    return { ...result, reason: `${result.reason} No-Go until resolved: ${why}.` };
  }
  const r = valid.record;
  return {
    ...result,
    state: 'waived',
    reason: `Waived until ${r.expires_at} by ${r.approved_by}: ${r.reason} (verified with ${r.verified_with}; evidence ${r.evidence_url}).`,
    file: window.file,
    range: undefined,
  };
}

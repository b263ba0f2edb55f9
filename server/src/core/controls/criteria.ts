import type { Criterion } from '../policy/policy';

export function criterionHolds(criterion: Criterion, value: unknown): boolean {
  if ('equals' in criterion && !sameValue(value, criterion.equals)) return false;
  if ('notEquals' in criterion && sameValue(value, criterion.notEquals)) return false;
  if (criterion.in && !criterion.in.some((allowed) => sameValue(value, allowed))) return false;
  if (criterion.empty !== undefined) {
    if (!Array.isArray(value) || (value.length === 0) !== criterion.empty) return false;
  }
  if (criterion.atLeast !== undefined && !(typeof value === 'number' && value >= criterion.atLeast)) return false;
  return true;
}

/** The criterion as the playbook states it, else as a condition on the field. */
export function describeCriterion(criterion: Criterion): string {
  if (criterion.label) return criterion.label;
  const parts: string[] = [];
  if ('equals' in criterion) parts.push(`= ${JSON.stringify(criterion.equals)}`);
  if ('notEquals' in criterion) parts.push(`≠ ${JSON.stringify(criterion.notEquals)}`);
  if (criterion.in) parts.push(`∈ ${JSON.stringify(criterion.in)}`);
  if (criterion.empty !== undefined) parts.push(criterion.empty ? 'is empty' : 'is not empty');
  if (criterion.atLeast !== undefined) parts.push(`≥ ${criterion.atLeast}`);
  return `${criterion.field} ${parts.join(' and ')}`;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'absent';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  return JSON.stringify(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}

import { distance } from 'fastest-levenshtein';

function fold(name: string): string {
  return name.toLowerCase().replace(/[-_\s]+/g, '-');
}

/**
 * Candidates ordered by likeness to `name`: spelling variants of `-`, `_` and case first, then by edit
 * distance; only those close enough to be a plausible slip.
 */
export function nearMisses(name: string, candidates: Iterable<string>): string[] {
  const folded = fold(name);
  return [...new Set(candidates)]
    .filter((c) => c !== name)
    .map((candidate) => ({ candidate, cost: fold(candidate) === folded ? 0 : distance(fold(candidate), folded) }))
    .filter(({ candidate, cost }) => cost <= Math.max(2, Math.floor(Math.max(candidate.length, name.length) / 3)))
    .sort((a, b) => a.cost - b.cost || a.candidate.localeCompare(b.candidate))
    .map(({ candidate }) => candidate);
}

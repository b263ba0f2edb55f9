import { distance } from 'fastest-levenshtein';

function fold(name: string): string {
  return name.toLowerCase().replace(/[-_\s]+/g, '-');
}

/** Longer names are compared only for equal spelling: an edit distance costs the product of the two lengths. */
const maxFuzzyLength = 512;

/**
 * Candidates ordered by likeness to `name`: spelling variants of `-`, `_` and case first, then by edit
 * distance; only those close enough to be a plausible slip.
 */
export function nearMisses(name: string, candidates: Iterable<string>): string[] {
  const folded = fold(name);
  return [...new Set(candidates)]
    .filter((c) => c !== name)
    .map((candidate) => {
      const other = fold(candidate);
      if (other === folded) return { candidate, cost: 0 };
      const tooLong = Math.max(other.length, folded.length) > maxFuzzyLength;
      return { candidate, cost: tooLong ? Infinity : distance(other, folded) };
    })
    .filter(({ candidate, cost }) => cost <= Math.max(2, Math.floor(Math.max(candidate.length, name.length) / 3)))
    .sort((a, b) => a.cost - b.cost || a.candidate.localeCompare(b.candidate))
    .map(({ candidate }) => candidate);
}

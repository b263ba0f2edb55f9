import type { Finding } from '../types';

/**
 * One fingerprint per finding, for code scanning to follow an alert across commits: made of the rule, the file
 * and what the finding is about (its subject, else its message), never of its line, so editing the lines above
 * it keeps the alert. Findings alike in all three are told apart by their order in the file (`…:1`, `…:2`),
 * the form GitHub's own `primaryLocationLineHash` takes.
 */
export function findingFingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const identity = `${finding.rule}\u0000${finding.file}\u0000${finding.subject ?? finding.message}`;
    const occurrence = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, occurrence);
    return `${fnv1a64(identity)}:${occurrence}`;
  });
}

const offsetBasis = 0xcbf29ce484222325n;
const prime = 0x100000001b3n;
const mask = (1n << 64n) - 1n;

/** FNV-1a over the UTF-16 code units: short, stable across platforms, and pure (the core has no crypto). */
function fnv1a64(text: string): string {
  let hash = offsetBasis;
  for (let i = 0; i < text.length; i++) hash = ((hash ^ BigInt(text.charCodeAt(i))) * prime) & mask;
  return hash.toString(16).padStart(16, '0');
}

/**
 * The one glob dialect of the product, for workspace-relative paths: `*` matches any characters within one
 * path segment, every other character stands for itself. The policy's paths and patterns, the files the
 * server reads and the documents the client hands it are all matched with it; VS Code is given the same
 * patterns through `vscodeGlob`, which reads them the same way.
 */
export function patternRegex(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]*')}$`);
}

/** A pattern of this dialect as a VS Code glob: the characters VS Code's globs give a meaning (`?`, `[`, `{`, `}`) matched literally. */
export function vscodeGlob(pattern: string): string {
  return pattern.replace(/[?[{}]/g, '[$&]');
}

/** The CI's artifacts folder as the policy names it. */
export const ciArtifactsFolder = 'artifacts';

/** readiness.artifactsFolder as a workspace-relative folder: no `./` in front, no `/` behind; the CI's own when unset. */
export function artifactsFolderOf(setting: string | undefined): string {
  return setting?.trim().replace(/^\.\//, '').replace(/\/+$/, '') || ciArtifactsFolder;
}

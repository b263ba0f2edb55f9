import type { SarifTool } from '../core/output/sarif';

// Set by scripts/build.mjs from package.json; absent when the sources run unbundled (tests).
declare const TOOL_VERSION: string | undefined;
declare const TOOL_HOME: string | undefined;

/** The tool as its outputs name it. */
export const tool: SarifTool = {
  name: 'release-readiness',
  version: typeof TOOL_VERSION === 'string' ? TOOL_VERSION : '0.0.0',
  informationUri: typeof TOOL_HOME === 'string' ? TOOL_HOME : 'https://example.invalid/release-readiness',
};

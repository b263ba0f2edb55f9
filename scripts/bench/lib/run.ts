/** What every scenario shares: the clock and the progress log (stderr; stdout is the result). */
export const now = () => performance.now();
export const log = (line = '') => process.stderr.write(`${line}\n`);

import { spawnSync } from 'node:child_process';

// CPython as the oracle: one python3 process compiles every snippet.
const ORACLE = `
import json, sys, warnings
warnings.simplefilter("ignore")
out = []
for code in json.load(sys.stdin):
    try:
        compile(code, "<snippet>", "exec")
        out.append(None)
    except SyntaxError as e:
        out.append({"line": e.lineno, "msg": e.msg})
    except (ValueError, MemoryError, RecursionError) as e:
        out.append({"line": 0, "msg": str(e)})
json.dump(out, sys.stdout)
`;

export type CPythonVerdict = { line: number; msg: string } | null;

/** CPython's verdict on each code (null: it compiles), or undefined when python3 cannot be run. */
export function cpythonVerdicts(codes: string[]): CPythonVerdict[] | undefined {
  const result = spawnSync('python3', ['-c', ORACLE], { input: JSON.stringify(codes), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error || result.status !== 0) return undefined;
  return JSON.parse(result.stdout) as CPythonVerdict[];
}

export function pythonVersion(): string {
  const r = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').trim();
}

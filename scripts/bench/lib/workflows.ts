import type { Rng } from './rng';

/** One generated job and the check names GitHub would report for it. */
export interface GeneratedJob {
  id: string;
  name?: string;
  /** `name:` as written, else the id; matrix jobs report one name per combination. */
  checkNames: string[];
  matrix: boolean;
  needs: string[];
  always: boolean;
}

export interface GeneratedWorkflow {
  fileName: string;
  text: string;
  jobs: GeneratedJob[];
  /** Runs on pull_request without path filters: its jobs may be required checks. */
  pullRequest: boolean;
}

const verbs = ['verify', 'build', 'test', 'lint', 'check', 'package', 'publish', 'scan', 'validate', 'report', 'audit', 'smoke', 'canary', 'replay', 'promote'];
const nouns = ['bundle', 'policy', 'gateway', 'runtime', 'registry', 'schemas', 'lineage', 'docs', 'sdk', 'api', 'tenancy', 'durability', 'provenance', 'coverage', 'contracts'];
const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const pythonAxes = ['"3.10"', '"3.11"', '"3.12"', '"3.13"'];
const osAxes = ['ubuntu-latest', 'ubuntu-24.04', 'macos-latest', 'windows-latest'];

/** A Python snippet shaped like the reference workflows' heredocs: read a report, write a step summary. */
function pythonSnippet(rng: Rng, reportPath: string, title: string): string[] {
  const variant = rng.int(0, 3);
  const lines = ['import json', 'import os', 'from pathlib import Path', ''];
  lines.push(`report_path = Path("${reportPath}")`);
  if (variant === 0) {
    lines.push(
      'if not report_path.exists():',
      `    summary = "## ${title}\\n\\nNo report file generated.\\n"`,
      'else:',
      '    report = json.loads(report_path.read_text(encoding="utf-8"))',
      '    lines = [',
      `        "## ${title}",`,
      '        "",',
      '        f"- Status: {report.get(\'status\', \'unknown\')}",',
      '        f"- Passed: {report.get(\'summary\', {}).get(\'passed\', 0)}",',
      '        f"- Failed: {report.get(\'summary\', {}).get(\'failed\', 0)}",',
      '        "",',
      '    ]',
      '    failing = [c for c in report.get("checks", []) if not c.get("passed")]',
      '    if failing:',
      '        lines.append("### Failing checks")',
      '        for check in failing[:20]:',
      '            lines.append(f"- {check.get(\'check_id\')}: {check.get(\'detail\')}")',
      '    else:',
      '        lines.append("All checks passed.")',
      '    summary = "\\n".join(lines) + "\\n"',
    );
  } else if (variant === 1) {
    lines.push(
      '',
      'def load(path: Path) -> dict:',
      '    try:',
      '        return json.loads(path.read_text(encoding="utf-8"))',
      '    except (OSError, ValueError) as exc:',
      '        return {"status": "invalid", "error": str(exc)}',
      '',
      '',
      'def verdict(report: dict) -> str:',
      '    status = report.get("status", "unknown")',
      '    counts = report.get("summary", {})',
      '    total = counts.get("total", 0)',
      '    passed = counts.get("passed", 0)',
      '    ratio = passed / total if total else 0.0',
      '    return f"{status} ({passed}/{total}, {ratio:.1%})"',
      '',
      '',
      'report = load(report_path)',
      `summary = "## ${title}\\n\\n" + verdict(report) + "\\n"`,
      'if report.get("status") not in {"passed", "pass"}:',
      '    print(f"::warning::{report_path} is {report.get(\'status\')}")',
    );
  } else if (variant === 2) {
    lines.push(
      'threshold = float(os.environ.get("MIN_PASS_RATIO", "1.0"))',
      'report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}',
      'rows = []',
      'for index, check in enumerate(report.get("checks", [])):',
      '    mark = "pass" if check.get("passed") else "FAIL"',
      '    rows.append(f"| {index} | {check.get(\'check_id\', \'?\')} | {mark} |")',
      'ratio = report.get("summary", {}).get("pass_ratio", 0.0)',
      `summary = "\\n".join(["## ${title}", "", "| # | check | result |", "|---|---|---|", *rows[:50]]) + "\\n"`,
      'if ratio < threshold:',
      '    summary += f"\\npass ratio {ratio:.3f} is below {threshold:.3f}\\n"',
    );
  } else {
    lines.push(
      'history = Path("artifacts/history.jsonl")',
      'entries = []',
      'if history.exists():',
      '    with history.open(encoding="utf-8") as handle:',
      '        for raw in handle:',
      '            raw = raw.strip()',
      '            if raw:',
      '                entries.append(json.loads(raw))',
      'current = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {"status": "missing"}',
      'entries.append({"status": current.get("status"), "generated_at": current.get("generated_at")})',
      'window = entries[-20:]',
      'passes = sum(1 for e in window if e.get("status") == "passed")',
      `summary = f"## ${title}\\n\\n{passes}/{len(window)} recent runs passed\\n"`,
      'with history.open("w", encoding="utf-8") as handle:',
      '    for entry in window:',
      '        handle.write(json.dumps(entry, sort_keys=True) + "\\n")',
    );
  }
  lines.push('', 'with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:', '    handle.write(summary)');
  return lines;
}

function block(lines: string[], indent: number): string {
  const pad = ' '.repeat(indent);
  return lines.map((line) => (line === '' ? '' : pad + line)).join('\n');
}

/**
 * A workflow file of `jobCount` jobs: checkout, Python set-up, a verifier writing a report, a Python heredoc
 * summarising it, an artifact upload; some jobs with matrices, `needs:` chains and `if: always()`.
 */
export function generateWorkflow(rng: Rng, fileName: string, jobCount: number, folders: string[], reportNames: readonly string[]): GeneratedWorkflow {
  const stem = fileName.replace(/\.ya?ml$/, '');
  const pullRequest = !rng.chance(0.1);
  const trigger = pullRequest
    ? ['on:', '  push:', '    branches: [main, master]', '  pull_request:', '  workflow_dispatch:']
    : rng.chance(0.5)
      ? ['on:', '  schedule:', `    - cron: "${rng.int(0, 59)} ${rng.int(0, 23)} * * *"`, '  workflow_dispatch:']
      : ['on:', '  pull_request:', '    paths:', `      - "services/${stem}/**"`, '      - ".github/workflows/' + fileName + '"'];
  const out: string[] = [`name: ${titleCase(stem.replace(/[-_]/g, ' '))}`, '', ...trigger, '', 'permissions:', '  contents: read', '', 'env:', '  PYTHONUNBUFFERED: "1"', `  REPORT_ROOT: artifacts`, '', 'jobs:'];
  const jobs: GeneratedJob[] = [];
  for (let i = 0; i < jobCount; i++) {
    const verb = rng.pick(verbs);
    const noun = rng.pick(nouns);
    const id = rng.chance(0.3) ? `${verb}_${noun}_${i}` : `${verb}-${noun}-${i}`;
    const folder = rng.pick(folders);
    const report = rng.pick(reportNames);
    const title = `${titleCase(verb)} ${noun} ${i}`;
    const matrix = rng.chance(0.25);
    const axes: [string, string[]][] = matrix ? [['python', rng.sample(pythonAxes, rng.int(2, 3))]] : [];
    if (matrix && rng.chance(0.5)) axes.push(['os', rng.sample(osAxes, 2)]);
    const exclude = matrix && axes.length === 2 && rng.chance(0.3) ? { python: axes[0][1][0], os: axes[1][1][1] } : undefined;
    const nameUsesMatrix = matrix && rng.chance(0.3);
    const name = nameUsesMatrix ? `${title} (py\${{ matrix.python }})` : rng.chance(0.5) ? title : undefined;
    const needs = i > 0 && rng.chance(0.4) ? rng.sample(jobs.slice(Math.max(0, i - 6)).map((j) => j.id), rng.int(1, 2)) : [];
    const always = needs.length > 0 && rng.chance(0.6);

    out.push(`  ${id}:`);
    if (name) out.push(`    name: ${name}`);
    if (needs.length === 1) out.push(`    needs: ${needs[0]}`);
    else if (needs.length > 1) out.push(`    needs: [${needs.join(', ')}]`);
    if (always) out.push('    if: always()');
    out.push(`    runs-on: ${axes.some(([k]) => k === 'os') ? '${{ matrix.os }}' : 'ubuntu-latest'}`, `    timeout-minutes: ${rng.pick([5, 10, 15, 20, 30])}`);
    if (matrix) {
      out.push('    strategy:', '      fail-fast: false', '      matrix:');
      for (const [key, values] of axes) out.push(`        ${key}: [${values.join(', ')}]`);
      if (exclude) out.push('        exclude:', `          - python: ${exclude.python}`, `            os: ${exclude.os}`);
    }
    if (rng.chance(0.3)) out.push('    env:', `      REPORT_FILE: ${folder}/${report}`, `      MIN_PASS_RATIO: "${rng.pick(['0.95', '1.0'])}"`);
    out.push('', '    steps:', '      - uses: actions/checkout@v4', '        with:', '          fetch-depth: 1', '');
    out.push('      - uses: actions/setup-python@v5', '        with:', `          python-version: ${axes.length > 0 ? '${{ matrix.python }}' : '"3.11"'}`, '');
    out.push('      - name: Install dependencies', '        run: |', '          python -m pip install --upgrade pip', `          pip install -e ".[${rng.pick(['dev', 'all', 'test'])}]"`, '');
    out.push(
      `      - name: Run ${verb} ${noun}`,
      '        run: |',
      `          mkdir -p ${folder}`,
      `          python tooling/${verb}_${noun}.py --report-file ${folder}/${report}${rng.chance(0.5) ? ' --strict' : ''} | tee ${folder}/${id}.log`,
      '',
    );
    if (rng.chance(0.55)) {
      out.push(`      - name: Summarise ${noun}`, '        if: always()', '        run: |', "          python - << 'PY'", block(pythonSnippet(rng, `${folder}/${report}`, title), 10), '          PY', '');
    } else if (rng.chance(0.3)) {
      out.push('      - name: Check report', '        run: |', `          python -c 'import json,sys; r=json.load(open("${folder}/${report}")); sys.exit(0 if r.get("status") == "passed" else 1)'`, '');
    }
    if (rng.chance(0.6)) {
      out.push(
        `      - name: Upload ${noun} report`,
        '        if: always()',
        '        uses: actions/upload-artifact@v4',
        '        with:',
        `          name: ${id}-report${matrix ? '-${{ matrix.python }}' + (axes.length > 1 ? '-${{ matrix.os }}' : '') : ''}`,
        '          path: |',
        `            ${folder}/${report}`,
        `            ${folder}/${id}.log`,
        '',
      );
    }
    jobs.push({ id, name, checkNames: checkNames(id, name, axes, exclude), matrix, needs, always });
  }
  return { fileName, text: out.join('\n').replace(/\n+$/, '\n'), jobs, pullRequest };
}

/** The check names GitHub reports for a job, as its docs describe (`name (v1, v2)` per matrix combination). */
function checkNames(id: string, name: string | undefined, axes: [string, string[]][], exclude?: { python: string; os: string }): string[] {
  const base = name ?? id;
  if (axes.length === 0) return [base];
  let combinations: Record<string, string>[] = [{}];
  for (const [key, values] of axes) combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [key]: v.replace(/"/g, '') })));
  if (exclude) combinations = combinations.filter((c) => !(c.python === exclude.python.replace(/"/g, '') && c.os === exclude.os));
  return combinations.map((c) => (base.includes('${{') ? base.replace(/\$\{\{ matrix\.python \}\}/g, c.python) : `${base} (${Object.values(c).join(', ')})`));
}

// The benchmark's printed table and its JSON record.
import { meetsGoal, summarize, type Summary } from './stats.js';
import type { BenchSection, Figures, MetricSpec, Unit } from './types.js';

export interface SectionResult {
  name: string;
  title: string;
  metrics: MetricSpec[];
  /** One entry per run: the figures, or the error that stopped the section in that run. */
  runs: Array<{ figures: Figures; error: string | null; ms: number }>;
}

export interface MetricSummary extends Summary {
  section: string;
  key: string;
  label: string;
  unit: Unit;
  goal: string | null;
  meetsGoal: boolean | null;
}

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return '—';
  // Package sizes are a few MB: a tenth says whether a change mattered.
  if (unit === 'MB') return value < 10 ? `${value.toFixed(1)} MB` : `${Math.round(value)} MB`;
  if (unit === 'msg/s') return `${Math.round(value)} msg/s`;
  if (unit === 'x') return `${value.toFixed(2)}x`;
  if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${Math.round(value)} ms`;
}

export function summarizeSection(result: SectionResult): MetricSummary[] {
  return result.metrics.map((metric) => {
    const summary = summarize(result.runs.map((r) => r.figures[metric.key] ?? null));
    return {
      ...summary,
      section: result.name,
      key: metric.key,
      label: metric.label,
      unit: metric.unit,
      goal: metric.goal?.text ?? null,
      meetsGoal: meetsGoal(summary.median, metric.goal),
    };
  });
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** A plain-text table: one block per section, one row per figure, goals beside medians. */
export function formatTable(results: SectionResult[], runs: number): string {
  const header = ['figure', 'median', 'min', 'max', 'runs', 'goal', ''];
  const rows: string[][] = [];
  const sectionRows = new Set<number>();
  for (const result of results) {
    const failures = result.runs.filter((r) => r.error).length;
    sectionRows.add(rows.length);
    rows.push([`${result.title}${failures ? `  (${failures} of ${result.runs.length} runs failed)` : ''}`, '', '', '', '', '', '']);
    for (const m of summarizeSection(result)) {
      rows.push([
        `  ${m.label}`,
        formatValue(m.median, m.unit),
        formatValue(m.min, m.unit),
        formatValue(m.max, m.unit),
        `${m.n}/${runs}`,
        m.goal ?? '',
        m.meetsGoal === null ? '' : m.meetsGoal ? 'ok' : 'MISSED',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter((_, r) => !sectionRows.has(r)).map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => pad(cell, widths[i]!, i >= 1 && i <= 4)).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ').trimEnd()];
  rows.forEach((row, r) => out.push(sectionRows.has(r) ? row[0]! : line(row)));
  const errors = results.flatMap((result) =>
    result.runs.flatMap((run, i) => (run.error ? [`run ${i + 1}, ${result.title}: ${run.error}`] : [])),
  );
  if (errors.length) out.push('', 'Failures:', ...errors.map((e) => `  ${e}`));
  return out.join('\n');
}

export function emptyResult(section: BenchSection): SectionResult {
  return { name: section.name, title: section.title, metrics: section.metrics, runs: [] };
}

import { formatNumber, repeated } from './stats.js';

/** One measured quantity over the repeated runs of a section. */
export interface Part {
  /** e.g. 'p99'; omitted for a single-valued row. */
  name?: string;
  runs: number[];
  digits?: number;
}

export interface Row {
  label: string;
  parts: Part[];
  unit: string;
  target?: string;
  /** Why the figure is missing, or what it depends on. */
  note?: string;
}

export function formatPart(p: Part): string {
  const r = repeated(p.runs);
  const d = p.digits ?? 0;
  if (!Number.isFinite(r.median)) return `${p.name ? p.name + ' ' : ''}n/a`;
  const spread = r.runs.length > 1 ? ` (${formatNumber(r.min, d)}–${formatNumber(r.max, d)})` : '';
  return `${p.name ? p.name + ' ' : ''}${formatNumber(r.median, d)}${spread}`;
}

/** The one table the bench prints: a Markdown table, readable on a terminal and pasteable into BENCHMARKS.md. */
export function renderTable(rows: Row[], runs: number): string {
  const header = ['Figure', `Median (min–max) over ${runs} runs`, 'Unit', 'Target'];
  const body = rows.map((r) => [
    r.label,
    r.parts.length ? r.parts.map(formatPart).join(' · ') : 'n/a',
    r.unit,
    r.target ?? '',
  ]);
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.label}: ${r.note}`);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}

export const naRow = (label: string, unit: string, note: string, target?: string): Row => ({
  label,
  parts: [],
  unit,
  note,
  target,
});

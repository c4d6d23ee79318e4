/** Percentile by nearest rank on a sorted copy; NaN for no samples so a missing figure never reads as 0. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A figure repeated over runs: shown as the median with the range of the runs around it. */
export interface Repeated {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function repeated(runs: number[]): Repeated {
  const finite = runs.filter((v) => Number.isFinite(v));
  if (!finite.length) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs };
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), runs };
}

export function formatNumber(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return 'n/a';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

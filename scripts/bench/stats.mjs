// Small statistics and table helpers for the bench.

/** Median of a list of numbers (the mean of the two middle values for an even count). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The p-th percentile (0-100), nearest rank. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ratio = (a, b) => (b > 0 ? a / b : Number.NaN);

export const bytes = (n) => `${Math.round(n).toLocaleString('en')} B`;
export const ms = (n, digits = 1) => `${n.toFixed(digits)} ms`;
export const times = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : 'n/a');

/** A plain-text table: the first row is the header; numbers are right-aligned by the caller's formatting. */
export function table(rows, { align = [] } = {}) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? '').length)));
  const line = (row) =>
    row
      .map((cell, column) => {
        const text = String(cell ?? '');
        return (align[column] ?? (column === 0 ? 'left' : 'right')) === 'left'
          ? text.padEnd(widths[column])
          : text.padStart(widths[column]);
      })
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** One measured line of a benchmark table: a name and its columns. */
export interface BenchRow {
  name: string;
  [column: string]: string | number;
}

export interface BenchTable {
  title: string;
  rows: BenchRow[];
  /** What the numbers mean, the machine, the targets. */
  notes?: string[];
}

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A Markdown table, so the same text goes to the terminal and into bench/README.md. */
export function formatTable(table: BenchTable): string {
  const columns = ['name', ...new Set(table.rows.flatMap((row) => Object.keys(row).filter((key) => key !== 'name')))];
  const lines = [
    `### ${table.title}`,
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...table.rows.map((row) => `| ${columns.map((column) => cell(row[column])).join(' | ')} |`),
  ];
  if (table.notes?.length) lines.push('', ...table.notes.map((note) => `- ${note}`));
  return lines.join('\n');
}

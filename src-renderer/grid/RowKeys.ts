/**
 * The row ids a grid holds, kept by us: ag-grid's getRowNode cannot see rows still queued in an
 * async transaction (NOTES.md), so add vs update is decided here.
 */
export class RowKeys<Row> {
  private readonly keys = new Set<string>();

  constructor(private readonly keyOf: (row: Row) => string) {}

  /** The grid was given `rows` as its whole data. */
  reset(rows: Iterable<Row>): Row[] {
    this.keys.clear();
    const all = [...rows];
    for (const row of all) this.keys.add(this.keyOf(row));
    return all;
  }

  /** Splits changed rows into the ones the grid has (update) and new ones (add). */
  transaction(rows: readonly Row[]): { add: Row[]; update: Row[] } {
    const add: Row[] = [];
    const update: Row[] = [];
    for (const row of rows) {
      const key = this.keyOf(row);
      if (this.keys.has(key)) update.push(row);
      else {
        this.keys.add(key);
        add.push(row);
      }
    }
    return { add, update };
  }
}

/** The ladder's columns, left to right: the trader's buys left of the price, sells right (SPEC §5). */
export const ladderColumns = [
  { id: 'buys', title: 'Buys', description: 'Your working buy orders at the price', weight: 1 },
  { id: 'bid', title: 'Bid', description: 'Bid quantity; click to buy at the price', weight: 1 },
  { id: 'price', title: 'Price', description: 'Price', weight: 1.4 },
  { id: 'ask', title: 'Ask', description: 'Ask quantity; click to sell at the price', weight: 1 },
  { id: 'sells', title: 'Sells', description: 'Your working sell orders at the price', weight: 1 },
  { id: 'last', title: 'LTQ', description: 'Last traded quantity, at the last traded price', weight: 0.8 },
  { id: 'volume', title: 'Volume', description: 'Volume traded today at the price', weight: 1.2 },
] as const;

export type LadderColumnId = (typeof ladderColumns)[number]['id'];

export function isLadderColumn(id: string | undefined): id is LadderColumnId {
  return ladderColumns.some((column) => column.id === id);
}

/** Whole-pixel column widths filling `width` by weight (the remainder goes to the price), shared by the canvas and the DOM rows. */
export function columnWidths(width: number): number[] {
  const total = ladderColumns.reduce((sum, column) => sum + column.weight, 0);
  const widths = ladderColumns.map((column) => Math.max(0, Math.floor((width * column.weight) / total)));
  const price = ladderColumns.findIndex((column) => column.id === 'price');
  widths[price]! += Math.max(0, Math.floor(width) - widths.reduce((sum, w) => sum + w, 0));
  return widths;
}

/**
 * A quantity as a ladder cell shows it: digits up to 999,999; above, millions with up to three
 * decimals when that is exact (FX amounts: "2.5M", "10M"), else every digit. Zero is blank.
 */
export function quantityText(quantity: number): string {
  if (quantity === 0) return '';
  const magnitude = Math.abs(quantity);
  if (magnitude < 1_000_000 || magnitude % 1000 !== 0) return String(quantity);
  const thousands = quantity / 1000;
  const whole = Math.trunc(thousands / 1000);
  const fraction = String(Math.abs(thousands % 1000)).padStart(3, '0').replace(/0+$/, '');
  return `${quantity < 0 && whole === 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}M`;
}

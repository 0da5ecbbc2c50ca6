import { describe, expect, it } from 'vitest';
import { PriceColumn } from './PriceColumn';

describe('PriceColumn', () => {
  it('shows one tick per row, highest at the top, centred on a tick', () => {
    const column = new PriceColumn(11, 100);
    expect(column.topTick).toBe(105);
    expect(column.bottomTick).toBe(95);
    expect(column.tickAt(5)).toBe(100);
    expect(column.rowOf(100)).toBe(5);
    expect(column.rowOf(106)).toBe(-1);
    expect(column.rowOf(94)).toBe(-1);
    for (let row = 0; row < column.rows; row++) expect(column.rowOf(column.tickAt(row))).toBe(row);
  });

  it('keeps its prices until told to move them', () => {
    const column = new PriceColumn(10, 500);
    const top = column.topTick;
    expect(column.centreOn(500)).toBe(false);
    expect(column.topTick).toBe(top);
    expect(column.centreOn(520)).toBe(true);
    expect(column.tickAt(5)).toBe(520);
    expect(column.scroll(3)).toBe(true);
    expect(column.tickAt(5)).toBe(523);
    expect(column.scroll(-3)).toBe(true);
    expect(column.scroll(0)).toBe(false);
  });

  it('keeps the middle price in the middle when resized', () => {
    const column = new PriceColumn(21, 1000);
    expect(column.tickAt(10)).toBe(1000);
    expect(column.resize(41)).toBe(true);
    expect(column.tickAt(20)).toBe(1000);
    expect(column.resize(41)).toBe(false);
    column.resize(0);
    expect(column.rows).toBe(1);
  });

  it('is near an edge within the margin or off screen, never in the middle', () => {
    const column = new PriceColumn(21, 0);
    expect(column.nearEdge(0, 3)).toBe(false);
    expect(column.nearEdge(7, 3)).toBe(false);
    expect(column.nearEdge(8, 3)).toBe(true);
    expect(column.nearEdge(-8, 3)).toBe(true);
    expect(column.nearEdge(50, 3)).toBe(true);
    // A margin larger than half the column still leaves the middle row alone.
    expect(column.nearEdge(0, 100)).toBe(false);
  });
});

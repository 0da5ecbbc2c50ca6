import { SimulatedExchange } from '../SimulatedExchange';
import type { ExchangeDefinition, ExchangeOptions } from '../SimulatedExchange';

/**
 * The demo firm's exchanges (SPEC §1). Contract specifications are the real ones where
 * noted; contract months are fixed (Z6 = December 2026, F7 = January 2027), security ids are
 * invented. Two products are listed twice so the Aggregator has something to aggregate:
 * Brent on ICE and on CME (CME's 0.05 tick is invented, so that the ticks differ), and the
 * DAX / S&P 500 in full-size and mini contracts.
 */

/** CME Globex: Sunday–Friday 17:00–16:00 Chicago, with the daily 16:00–17:00 halt. */
export const CME: ExchangeDefinition = {
  name: 'CME',
  description: 'CME Globex (simulated)',
  hours: {
    zone: 'America/Chicago',
    sessions: [
      { openDay: 7, openTime: '17:00', closeDay: 1, closeTime: '16:00' },
      { openDay: 1, openTime: '17:00', closeDay: 2, closeTime: '16:00' },
      { openDay: 2, openTime: '17:00', closeDay: 3, closeTime: '16:00' },
      { openDay: 3, openTime: '17:00', closeDay: 4, closeTime: '16:00' },
      { openDay: 4, openTime: '17:00', closeDay: 5, closeTime: '16:00' },
    ],
  },
  instruments: [
    {
      // Real: $50 × index, tick 0.25 ($12.50).
      symbol: 'ESZ6',
      securityId: '100101',
      description: 'E-mini S&P 500 Dec 2026',
      tickSize: '0.25',
      multiplier: '50',
      currency: 'USD',
      productGroup: 'Equity Index',
      referencePrice: '6000.00',
      flow: { actionsPerSecond: 30, maxLots: 20 },
    },
    {
      // Real: $5 × index, tick 0.25 ($1.25).
      symbol: 'MESZ6',
      securityId: '100102',
      description: 'Micro E-mini S&P 500 Dec 2026',
      tickSize: '0.25',
      multiplier: '5',
      currency: 'USD',
      productGroup: 'Equity Index',
      referencePrice: '6000.00',
      flow: { maxLots: 30 },
    },
    {
      // Invented tick: CME's real Brent (BZ) ticks in 0.01; 0.05 makes it differ from ICE's.
      symbol: 'BZF7',
      securityId: '100201',
      description: 'Brent Crude Oil Last Day Financial Jan 2027',
      tickSize: '0.05',
      multiplier: '1000',
      currency: 'USD',
      productGroup: 'Energy',
      referencePrice: '75.00',
    },
    {
      // Real: $100,000 face, quoted in points (×1000), outright tick 1/64 of a point (half a 32nd).
      symbol: 'ZNZ6',
      securityId: '100301',
      description: '10-Year T-Note Dec 2026',
      tickSize: '1/64',
      multiplier: '1000',
      currency: 'USD',
      productGroup: 'Interest Rate',
      referencePrice: '110.5',
    },
  ],
};

/** ICE Futures Europe (Brent): 01:00–23:00 London, Monday to Friday. */
export const ICE: ExchangeDefinition = {
  name: 'ICE',
  description: 'ICE Futures Europe (simulated)',
  hours: {
    zone: 'Europe/London',
    sessions: [1, 2, 3, 4, 5].map((day) => ({
      openDay: day as 1 | 2 | 3 | 4 | 5,
      openTime: '01:00',
      closeDay: day as 1 | 2 | 3 | 4 | 5,
      closeTime: '23:00',
    })),
  },
  instruments: [
    {
      // Real: 1,000 barrels, tick $0.01.
      symbol: 'BRNF7',
      securityId: '200101',
      description: 'Brent Crude Futures Jan 2027',
      tickSize: '0.01',
      multiplier: '1000',
      currency: 'USD',
      productGroup: 'Energy',
      referencePrice: '75.00',
      flow: { actionsPerSecond: 25 },
    },
  ],
};

/** Eurex: 01:10–22:00 Frankfurt, Monday to Friday (DAX and Bund futures). */
export const EUREX: ExchangeDefinition = {
  name: 'EUREX',
  description: 'Eurex (simulated)',
  hours: {
    zone: 'Europe/Berlin',
    sessions: [1, 2, 3, 4, 5].map((day) => ({
      openDay: day as 1 | 2 | 3 | 4 | 5,
      openTime: '01:10',
      closeDay: day as 1 | 2 | 3 | 4 | 5,
      closeTime: '22:00',
    })),
  },
  instruments: [
    {
      // Real: EUR 25 per index point, tick 0.5 (EUR 12.50).
      symbol: 'FDAXZ6',
      securityId: '300101',
      description: 'DAX Futures Dec 2026',
      tickSize: '0.5',
      multiplier: '25',
      currency: 'EUR',
      productGroup: 'Equity Index',
      referencePrice: '24000.0',
      flow: { actionsPerSecond: 25 },
    },
    {
      // Real: EUR 5 per index point, tick 1 point (EUR 5).
      symbol: 'FDXMZ6',
      securityId: '300102',
      description: 'Mini-DAX Futures Dec 2026',
      tickSize: '1',
      multiplier: '5',
      currency: 'EUR',
      productGroup: 'Equity Index',
      referencePrice: '24000',
    },
    {
      // Real: EUR 100,000 notional quoted in percent (×1000), tick 0.01 (EUR 10).
      symbol: 'FGBLZ6',
      securityId: '300201',
      description: 'Euro-Bund Futures Dec 2026',
      tickSize: '0.01',
      multiplier: '1000',
      currency: 'EUR',
      productGroup: 'Interest Rate',
      referencePrice: '128.50',
    },
  ],
};

/** FX spot in base-currency amounts; one lot of flow is 1,000,000. */
const FX_FLOW = { lot: 1_000_000, maxLots: 5, actionsPerSecond: 25, moveChance: 0.2, reversionTicks: 1000 };

/**
 * FXALL spot: Sunday 17:00 – Friday 17:00 New York, with the ECB (14:15 Frankfurt) and WMR
 * (16:00 London) benchmark fixings published on weekdays.
 */
export const FXALL: ExchangeDefinition = {
  name: 'FXALL',
  description: 'FXall spot (simulated)',
  hours: {
    zone: 'America/New_York',
    sessions: [{ openDay: 7, openTime: '17:00', closeDay: 5, closeTime: '17:00' }],
  },
  fixings: [
    { benchmark: 'ECB', zone: 'Europe/Berlin', time: '14:15' },
    { benchmark: 'WMR', zone: 'Europe/London', time: '16:00' },
  ],
  instruments: [
    {
      symbol: 'EURUSD',
      securityId: '400101',
      description: 'Euro / US Dollar spot',
      tickSize: '0.00001',
      multiplier: '1',
      currency: 'USD',
      productGroup: 'FX',
      referencePrice: '1.16500',
      flow: FX_FLOW,
    },
    {
      symbol: 'GBPUSD',
      securityId: '400102',
      description: 'British Pound / US Dollar spot',
      tickSize: '0.00001',
      multiplier: '1',
      currency: 'USD',
      productGroup: 'FX',
      referencePrice: '1.33500',
      flow: FX_FLOW,
    },
    {
      symbol: 'USDJPY',
      securityId: '400103',
      description: 'US Dollar / Japanese Yen spot',
      tickSize: '0.001',
      multiplier: '1',
      currency: 'JPY',
      productGroup: 'FX',
      referencePrice: '150.000',
      flow: FX_FLOW,
    },
  ],
};

export const DEMO_EXCHANGES: readonly ExchangeDefinition[] = [CME, ICE, EUREX, FXALL];

/**
 * The four demo exchanges, ready to trade. Each gets its own seed derived from `options.seed`
 * inside the exchange (by exchange and symbol), so one seed makes the whole demo repeatable.
 */
export function createDemoExchanges(options: ExchangeOptions): SimulatedExchange[] {
  return DEMO_EXCHANGES.map((definition) => new SimulatedExchange(definition, options));
}

import { SimulatedExchange } from './SimulatedExchange';
import type { ExchangeDefinition, ExchangeOptions } from './SimulatedExchange';
import type { ExchangeEvent, ExchangeListener, NewOrder } from './types';

/** A listener that keeps every event, for tests and the benchmark's checks. */
export class RecordingListener implements ExchangeListener {
  readonly events: ExchangeEvent[] = [];

  onEvent(event: ExchangeEvent): void {
    this.events.push(event);
  }

  /** Events recorded since the last call. */
  take(): ExchangeEvent[] {
    return this.events.splice(0);
  }
}

/** A one-instrument exchange, tick 1, open all the time: prices in tests read as ticks. */
export const TEST_EXCHANGE: ExchangeDefinition = {
  name: 'TEST',
  description: 'test exchange',
  hours: { zone: 'UTC', sessions: [{ openDay: 1, openTime: '00:00', closeDay: 6, closeTime: '00:00' }] },
  instruments: [
    {
      symbol: 'X',
      securityId: '1',
      description: 'test instrument',
      tickSize: '1',
      multiplier: '1',
      currency: 'USD',
      productGroup: 'Test',
      referencePrice: '1000',
    },
  ],
};

export function testExchange(options: Partial<ExchangeOptions> = {}): { exchange: SimulatedExchange; recorder: RecordingListener } {
  const recorder = new RecordingListener();
  const exchange = new SimulatedExchange(TEST_EXCHANGE, { listener: recorder, clock: () => 0, hours: 'alwaysOpen', ...options });
  return { exchange, recorder };
}

/** A GTC limit order on X. */
export function limit(side: 'buy' | 'sell', quantity: number, price: number, owner = 'A', extra: Partial<NewOrder> = {}): NewOrder {
  return { instrument: 'X', owner, side, type: 'limit', tif: 'gtc', quantity, price, ...extra };
}

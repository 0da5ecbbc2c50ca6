import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AggregatorDefinitionsEvent, AggregatorSave } from '../../../src-shared/ipc/contract';
import { IpcClient } from '../../../src-shared/ipc/client';
import { IpcError } from '../../../src-shared/ipc/protocol';
import { IpcServer } from '../../../src-shared/ipc/server';
import { createMainServices } from '../../app/mainServices';
import { LocalStore } from '../../settings/localStore';
import { AggregatorDefinitions, type InUse } from './AggregatorDefinitions';
import { refusal } from '../../trading/testing';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-aggdef-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Brent over ICE (0.01) and CME (0.05), as the demo firm lists them. */
const brent: AggregatorSave = {
  name: 'Brent',
  colour: '#e0a040',
  connectionId: 'embedded',
  algoId: '4242',
  taking: { mode: 'SplitRatio', tif: 'IOC' },
  joining: { mode: 'EPIQ' },
  exchangeDown: 'StopAllOrders',
  rebalance: { enabled: true, timerMs: 250 },
  tickOverride: null,
  legs: [
    { exchange: 'ICE', symbol: 'BRNF7', alias: 'ICE', ratio: 1, priceOffset: '0', multiplier: '1', takingSplitRatio: 2, joiningSplitRatio: 1, rebalancePercent: 50, minTick: '0.01', legColour: '#3080e0' },
    { exchange: 'CME', symbol: 'BZF7', alias: 'CME', ratio: 1, priceOffset: '-1.5', multiplier: '1/2', takingSplitRatio: 1, joiningSplitRatio: 1, rebalancePercent: 100, minTick: '0.05', legColour: '#40c070' },
  ],
};

const free: InUse = () => null;
let ids = 0;
const sequentialIds = (): string => `a-test-${++ids}`;

function open(dir: string, inUse: InUse = free, reports: string[] = []): { store: LocalStore; definitions: AggregatorDefinitions } {
  const store = new LocalStore(dir);
  return { store, definitions: new AggregatorDefinitions(store, inUse, (line) => reports.push(line), sequentialIds) };
}

describe('AggregatorDefinitions', () => {
  it('assigns an id to a new definition, applies the defaults, lists it and restores it after reopening', () => {
    const dir = tempDir();
    const first = open(dir);
    const saved = first.definitions.save({ ...brent, legs: brent.legs.map(({ rebalancePercent: _omitted, ...leg }) => leg) });
    expect(saved.id).toMatch(/^a-test-\d+$/);
    expect(saved.legs.map((leg) => leg.rebalancePercent)).toEqual([100, 100]);
    expect(first.definitions.list()).toEqual([saved]);
    first.store.close();

    const second = open(dir);
    expect(second.definitions.list()).toEqual([saved]);
    expect(second.definitions.get(saved.id)).toEqual(saved);
    second.store.close();
  });

  it('updates a definition in place, keeping the order they were created in, and removes one', () => {
    const dir = tempDir();
    const first = open(dir);
    const a = first.definitions.save(brent);
    const b = first.definitions.save({ ...brent, name: 'Brent spread' });
    const updated = first.definitions.save({ ...a, name: 'Brent ICE/CME', tickOverride: '0.05' });
    expect(updated.id).toBe(a.id);
    expect(first.definitions.list().map((d) => [d.id, d.name, d.tickOverride])).toEqual([
      [a.id, 'Brent ICE/CME', '0.05'],
      [b.id, 'Brent spread', null],
    ]);
    first.definitions.remove(b.id);
    first.store.close();

    const second = open(dir);
    expect(second.definitions.list()).toEqual([updated]);
    second.store.close();
  });

  it('refuses a name already taken (whatever the case), an unknown id, and an invalid definition with the fields named', () => {
    const { store, definitions } = open(tempDir());
    const saved = definitions.save(brent);
    expect(() => definitions.save({ ...brent, name: 'BRENT' })).toThrow("An aggregated instrument named 'Brent' already exists");
    expect(() => definitions.save({ ...brent, id: 'a-nowhere' })).toThrow("No aggregated instrument with id 'a-nowhere'");
    expect(() => definitions.remove('a-nowhere')).toThrow("No aggregated instrument with id 'a-nowhere'");
    const legs = brent.legs.map((leg) => ({ ...leg, alias: 'X' }));
    const invalid = (() => {
      try {
        definitions.save({ ...saved, algoId: '16777216', legs });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(invalid).toBeInstanceOf(IpcError);
    expect((invalid as IpcError).code).toBe('InvalidPayload');
    expect((invalid as IpcError).issues.map((issue) => issue.path)).toEqual(['algoId', 'legs.1.alias']);
    expect(definitions.list()).toEqual([saved]);
    store.close();
  });

  it('refuses to change or delete a definition while its parent orders have working children, with the engine’s reason', () => {
    let working: string | null = null;
    const asked: string[] = [];
    const { store, definitions } = open(tempDir(), (id) => {
      asked.push(id);
      return working;
    });
    const saved = definitions.save(brent);
    expect(asked).toEqual([]);
    working = '2 child orders are working on ICE BRNF7';
    expect(() => definitions.save({ ...saved, algoId: '7' })).toThrow('Cannot change Brent: 2 child orders are working on ICE BRNF7');
    expect(() => definitions.remove(saved.id)).toThrow('Cannot delete Brent: 2 child orders are working on ICE BRNF7');
    expect(asked).toEqual([saved.id, saved.id]);
    expect(definitions.list()).toEqual([saved]);
    working = null;
    expect(definitions.save({ ...saved, algoId: '7' }).algoId).toBe('7');
    definitions.remove(saved.id);
    expect(definitions.list()).toEqual([]);
    store.close();
  });

  it('keeps a stored row it can no longer read, reports it and lists it as unreadable; it can be replaced or deleted', () => {
    const dir = tempDir();
    const first = open(dir);
    const good = first.definitions.save(brent);
    first.store.saveAggregatorDefinition('a-old', JSON.stringify({ ...good, id: 'a-old', name: 'Old', taking: { mode: 'Sweep' } }));
    first.store.saveAggregatorDefinition('a-torn', '{"id":"a-torn",');
    first.store.close();

    const reports: string[] = [];
    const second = open(dir, free, reports);
    expect(second.definitions.list()).toEqual([good]);
    const unreadable = second.definitions.snapshot().unreadable;
    expect(unreadable.map((row) => row.id)).toEqual(['a-old', 'a-torn']);
    expect(unreadable[0]!.reason).toContain('taking.mode');
    expect(unreadable[1]!.reason).toContain('not JSON');
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain('a-old');
    expect(second.store.listAggregatorDefinitions().map((row) => row.id)).toEqual([good.id, 'a-old', 'a-torn']);

    const repaired = second.definitions.save({ ...brent, id: 'a-old', name: 'Old' });
    expect(repaired.id).toBe('a-old');
    second.definitions.remove('a-torn');
    expect(second.definitions.snapshot()).toEqual({ definitions: [good, repaired], unreadable: [] });
    second.store.close();
  });

  it('tells listeners the whole list on every change', () => {
    const { store, definitions } = open(tempDir());
    const seen: AggregatorDefinitionsEvent[] = [];
    const stop = definitions.onChange((event) => seen.push(event));
    const saved = definitions.save(brent);
    definitions.save({ ...saved, name: 'Brent 2' });
    definitions.remove(saved.id);
    stop();
    definitions.save(brent);
    expect(seen.map((event) => event.definitions.map((d) => d.name))).toEqual([['Brent'], ['Brent 2'], []]);
    store.close();
  });
});

/** Main's real handlers behind the real IPC server, a client back to back: what a window sees. */
function mainOverIpc(dataDir: string) {
  const services = createMainServices({ shell: 'browser', dataDir, report: () => undefined });
  const server = new IpcServer(services.handlers, { validateOutgoing: true });
  const client: IpcClient = new IpcClient((message) => connection.receive(structuredClone(message)));
  const connection = server.accept({ transport: 'memory', label: 'test' }, (message) => client.receive(structuredClone(message)));
  return { client, services };
}

describe('aggregator calls and stream over IPC', () => {
  it('saves, lists, streams, removes, and restores after main restarts on the same data folder', async () => {
    const dir = tempDir();
    const first = mainOverIpc(dir);
    const events: AggregatorDefinitionsEvent[] = [];
    first.client.subscribe('aggregator.definitions', {}, (event) => events.push(event));
    const saved = await first.client.call('aggregator.save', brent);
    const other = await first.client.call('aggregator.save', { ...brent, name: 'Other' });
    await first.client.call('aggregator.remove', { id: other.id });
    expect(await first.client.call('aggregator.list', {})).toEqual([saved]);
    expect(events.map((event) => event.definitions.map((d) => d.name))).toEqual([[], ['Brent'], ['Brent', 'Other'], ['Brent']]);
    await first.services.dispose();

    const second = mainOverIpc(dir);
    expect(await second.client.call('aggregator.list', {})).toEqual([saved]);
    await second.services.dispose();
  });

  it('refuses invalid payloads naming each field, nested leg fields included', async () => {
    const { client, services } = mainOverIpc(tempDir());
    const [ice, cme] = brent.legs as [AggregatorSave['legs'][number], AggregatorSave['legs'][number]];
    const error = await refusal(
      client.call('aggregator.save', {
        ...brent,
        colour: 'orange',
        rebalance: { enabled: true, timerMs: -1 },
        legs: [
          { ...ice, ratio: 0, multiplier: '1/0' },
          { ...cme, priceOffset: '0.0001', minTick: '' },
        ],
      }),
    );
    expect(error.code).toBe('InvalidPayload');
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['colour', 'legs.0.multiplier', 'legs.0.ratio', 'legs.1.minTick', 'legs.1.priceOffset', 'rebalance.timerMs']);
    expect(error.message).toContain('legs.0.ratio: at least 1');

    const oneLeg = await refusal(client.call('aggregator.save', { ...brent, legs: [ice] }));
    expect(oneLeg.issues).toEqual([{ path: 'legs', message: 'at least two legs' }]);
    const sameContract = await refusal(client.call('aggregator.save', { ...brent, legs: [ice, { ...ice, alias: 'ICE 2' }] }));
    expect(sameContract.issues).toEqual([{ path: 'legs.1.symbol', message: 'the same contract as leg 1' }]);
    const badId = await refusal(client.call('aggregator.remove', { id: 'Not An Id' }));
    expect(badId.issues.map((issue) => issue.path)).toEqual(['id']);
    expect(await client.call('aggregator.list', {})).toEqual([]);
    await services.dispose();
  });
});

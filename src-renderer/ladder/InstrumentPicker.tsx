import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { InstrumentInfo } from '../../src-shared/ipc/contract';
import { useAggregatorDefinitions } from '../aggregator/useAggregatorDefinitions';
import { useServices } from '../app/services';
import type { AggregatedChoice } from './ladderRequests';

export interface ChosenInstrument {
  readonly connectionId: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly tickSize: string;
}

export interface InstrumentPickerProps {
  /** The contract shown (null when none, or when an aggregated instrument is). */
  readonly current: ChosenInstrument | null;
  readonly onChoose: (instrument: ChosenInstrument) => void;
  /** The aggregated instrument shown, if one is. */
  readonly aggregated: AggregatedChoice | null;
  readonly onChooseAggregated: (choice: AggregatedChoice) => void;
}

/**
 * The instruments of the active trader's gateway (its SecurityList), and the aggregated
 * instruments built over it (SPEC §6), to open in the ladder.
 */
export function InstrumentPicker({ current, onChoose, aggregated, onChooseAggregated }: InstrumentPickerProps) {
  const { link, selection, connections } = useServices();
  const connectionId = useStore(selection, (state) => state.connectionId) ?? current?.connectionId ?? null;
  const loggedOn = useStore(connections, (state) => state.connections.find((c) => c.id === connectionId)?.loggedOnAs ?? null) !== null;
  const [instruments, setInstruments] = useState<{ connectionId: string; list: InstrumentInfo[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const id = useId();
  const definitionsFeed = useAggregatorDefinitions();

  // Asked again a few seconds after a failure, for as long as the session is up.
  useEffect(() => {
    if (connectionId === null || !loggedOn) return;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    link.client.call('instruments.list', { connectionId }).then(
      (list) => {
        if (!live) return;
        setInstruments({ connectionId, list });
        setProblem(null);
      },
      (error: unknown) => {
        if (!live) return;
        setProblem(error instanceof Error ? error.message : String(error));
        retry = setTimeout(() => setAttempt((n) => n + 1), 3000);
      },
    );
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [link, connectionId, loggedOn, attempt]);

  const list = instruments?.connectionId === connectionId ? instruments.list : [];
  const definitions = definitionsFeed.kind === 'live' ? definitionsFeed.definitions.filter((d) => d.connectionId === connectionId) : [];
  const value = aggregated !== null ? `aggregated|${aggregated.definitionId}` : current && current.connectionId === connectionId ? `${current.exchange}|${current.symbol}` : '';
  return (
    <span className="instrument-picker">
      <label htmlFor={id} className="visually-hidden">
        Instrument
      </label>
      <select
        id={id}
        className="text-input instrument-picker__select"
        value={value}
        disabled={list.length === 0 && definitions.length === 0}
        onChange={(event) => {
          const definition = definitions.find((d) => `aggregated|${d.id}` === event.target.value);
          if (definition) return onChooseAggregated({ definitionId: definition.id, name: definition.name });
          const chosen = list.find((i) => `${i.exchange}|${i.symbol}` === event.target.value);
          if (chosen && connectionId !== null) onChoose({ connectionId, exchange: chosen.exchange, symbol: chosen.symbol, tickSize: chosen.tickSize });
        }}
      >
        {value === '' && <option value="">{connectionId === null ? 'Log on to choose an instrument' : list.length === 0 ? 'Loading instruments…' : 'Choose an instrument'}</option>}
        {aggregated !== null && !definitions.some((d) => d.id === aggregated.definitionId) && <option value={value}>{aggregated.name} (aggregated)</option>}
        {aggregated === null && value !== '' && !list.some((i) => `${i.exchange}|${i.symbol}` === value) && <option value={value}>{current!.exchange} {current!.symbol}</option>}
        {list.map((i) => (
          <option key={`${i.exchange}|${i.symbol}`} value={`${i.exchange}|${i.symbol}`}>
            {i.exchange} {i.symbol} — {i.description}
          </option>
        ))}
        {definitions.length > 0 && (
          <optgroup label="Aggregated">
            {definitions.map((d) => (
              <option key={d.id} value={`aggregated|${d.id}`}>
                {d.name} — {d.legs.map((leg) => leg.alias).join(' + ')}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {problem !== null && list.length === 0 && (
        <span className="instrument-picker__problem" role="alert">
          No instrument list: {problem}
        </span>
      )}
    </span>
  );
}

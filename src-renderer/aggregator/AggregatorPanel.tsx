import { useEffect, useMemo, useRef, useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import type { AggregatorDefinition, UnreadableDefinition } from '../../src-shared/ipc/contract';
import { useServices } from '../app/services';
import { requestAggregatedLadder } from '../ladder/ladderRequests';
import { ConfirmingButton } from '../workspace/ConfirmingButton';
import { DefinitionEditor } from './DefinitionEditor';
import { blankDraft, draftFromDefinition, settingNames, type DefinitionDraft } from './definitionForm';
import './aggregator.css';

type Feed = { readonly kind: 'waiting' } | { readonly kind: 'live' } | { readonly kind: 'ended'; readonly reason: string };

/**
 * The Aggregator configuration dialog (SPEC §5): the saved aggregated instruments, live from
 * main's `aggregator.definitions` stream (so another window's change shows here too), with New,
 * Edit and Delete, the editor for one of them, and Open ladder to trade one.
 */
export function AggregatorPanel(_props: IDockviewPanelProps) {
  const { link, selection, connections: connectionsStore, workspace } = useServices();
  const activeConnection = useStore(selection, (state) => state.connectionId);
  const connections = useStore(connectionsStore, (state) => state.connections);
  const [definitions, setDefinitions] = useState<readonly AggregatorDefinition[]>([]);
  const [unreadable, setUnreadable] = useState<readonly UnreadableDefinition[]>([]);
  const [feed, setFeed] = useState<Feed>({ kind: 'waiting' });
  const [editing, setEditing] = useState<{ draft: DefinitionDraft; session: number } | null>(null);
  const [notice, setNotice] = useState<{ text: string; bad: boolean } | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);

  useEffect(
    () =>
      link.client.subscribe(
        'aggregator.definitions',
        {},
        (event) => {
          setDefinitions(event.definitions);
          setUnreadable(event.unreadable);
          setFeed({ kind: 'live' });
        },
        (error) => setFeed({ kind: 'ended', reason: error?.message ?? 'main closed the definitions stream' }),
      ),
    [link],
  );

  const editingId = editing?.draft.id ?? null;
  const takenNames = useMemo(() => definitions.filter((d) => d.id !== editingId).map((d) => d.name), [definitions, editingId]);

  const open = (draft: DefinitionDraft): void => {
    setNotice(null);
    setEditing((current) => ({ draft, session: (current?.session ?? 0) + 1 }));
  };
  const startNew = (): void => {
    const loggedOn = connections.find((c) => c.loggedOnAs !== null);
    open(blankDraft(activeConnection ?? loggedOn?.id ?? connections.find((c) => c.embedded)?.id ?? connections[0]?.id ?? ''));
  };
  const close = (saved: string | null): void => {
    setEditing(null);
    if (saved !== null) setNotice({ text: `Saved ${saved}`, bad: false });
    newButton.current?.focus();
  };

  return (
    <div className="panel aggregator-panel">
      <div className="panel-toolbar">
        <span className="panel-toolbar__summary">
          {definitions.length} aggregated {definitions.length === 1 ? 'instrument' : 'instruments'}
        </span>
        <button ref={newButton} type="button" className="button" onClick={startNew}>
          New
        </button>
      </div>
      {feed.kind === 'waiting' && <p className="panel-notice">Waiting for main…</p>}
      {feed.kind === 'ended' && (
        <p className="panel-notice panel-notice--bad" role="alert">
          Not live: {feed.reason}
        </p>
      )}
      {notice !== null && (
        <p className={notice.bad ? 'panel-notice panel-notice--bad' : 'panel-notice'} role={notice.bad ? 'alert' : 'status'}>
          {notice.text}{' '}
          <button type="button" className="button button--quiet" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </p>
      )}
      <div className="panel-scroll">
        {editing !== null && <DefinitionEditor key={editing.session} initial={editing.draft} takenNames={takenNames} onClose={close} />}
        <table className="data-table" aria-label="Aggregated instruments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Legs</th>
              <th scope="col">Taking</th>
              <th scope="col">Joining</th>
              <th scope="col">If exchange down</th>
              <th scope="col">Rebalance</th>
              <th scope="col">Algo ID</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {definitions.map((definition) => (
              <tr key={definition.id} data-definition-id={definition.id} data-editing={definition.id === editingId}>
                <td>
                  <span className="colour-band" style={{ background: definition.colour }} aria-hidden="true" />
                  {definition.name}
                </td>
                <td className="aggregator-legs">
                  {definition.legs.map((leg) => (
                    <span key={`${leg.exchange}|${leg.symbol}`} className="aggregator-legs__leg" title={`ratio ${leg.ratio}, offset ${leg.priceOffset}, multiplier ${leg.multiplier}, min tick ${leg.minTick}`}>
                      <span className="colour-band" style={{ background: leg.legColour }} aria-hidden="true" />
                      {leg.alias} <span className="mono">{leg.symbol}</span>
                    </span>
                  ))}
                </td>
                <td>
                  {settingNames[definition.taking.mode]} · {definition.taking.tif}
                </td>
                <td>{settingNames[definition.joining.mode]}</td>
                <td>{settingNames[definition.exchangeDown]}</td>
                <td>{definition.rebalance.enabled ? `On · ${definition.rebalance.timerMs} ms` : 'Off'}</td>
                <td className="mono">{definition.algoId}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button"
                    aria-label={`Open ${definition.name} ladder`}
                    title="Trade it from its own MD Trader ladder"
                    onClick={() => {
                      requestAggregatedLadder({ definitionId: definition.id, name: definition.name });
                      workspace.openPanel('ladder');
                    }}
                  >
                    Open ladder
                  </button>
                  <button type="button" className="button button--quiet" aria-label={`Edit ${definition.name}`} onClick={() => open(draftFromDefinition(definition))}>
                    Edit
                  </button>
                  <DeleteButton id={definition.id} name={definition.name} onRefused={(text) => setNotice({ text, bad: true })} />
                </td>
              </tr>
            ))}
            {unreadable.map((row) => (
              <tr key={row.id} data-definition-id={row.id} className="aggregator-unreadable">
                <td className="mono">{row.id}</td>
                <td colSpan={6} title={row.reason}>
                  Cannot be read by this version and is kept as stored: {row.reason}
                </td>
                <td className="row-actions">
                  <DeleteButton id={row.id} name={row.id} onRefused={(text) => setNotice({ text, bad: true })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {feed.kind === 'live' && definitions.length === 0 && unreadable.length === 0 && editing === null && (
          <p className="panel-notice">No aggregated instruments yet. New builds one from contracts on several exchanges.</p>
        )}
      </div>
    </div>
  );
}

/** The first press arms, a second within a few seconds deletes; main's refusal is shown as it gave it. */
function DeleteButton({ id, name, onRefused }: { id: string; name: string; onRefused: (text: string) => void }) {
  const { link } = useServices();
  return (
    <ConfirmingButton
      verb="Delete"
      doing="Deleting"
      target={name}
      act={() => link.client.call('aggregator.remove', { id })}
      onFailed={(error) => onRefused(`Main refused: ${error instanceof Error ? error.message : String(error)}`)}
    />
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import { Rational, TickSize } from '../../src-shared/pricing';
import { useServices } from '../app/services';
import { positionOf } from '../trading/positionsStore';
import { InstrumentPicker, type ChosenInstrument } from './InstrumentPicker';
import { LadderController } from './LadderController';
import { parseQuantity, quantityChoices, readLadderParams, type LadderParams } from './ladderSettings';
import { quantityText } from './quantityText';
import './ladder.css';
import './ladderPanel.css';

/**
 * The MD Trader ladder panel (SPEC §5): instrument, active trader and account, position and
 * P&L, quantity, the ladder itself, cancel-all and flatten. Its instrument and settings are
 * kept in the saved layout.
 */
export function LadderPanel(props: IDockviewPanelProps) {
  const [params, setParams] = useState<LadderParams>(() => readLadderParams(props.params));
  const update = (change: Partial<LadderParams>): void => {
    const next = { ...params, ...change };
    setParams(next);
    props.api.updateParameters(next);
  };
  const instrument = params.instrument;
  const choose = (chosen: ChosenInstrument): void => update({ instrument: chosen });

  if (instrument === null) {
    return (
      <div className="panel ladder-panel">
        <div className="panel-toolbar">
          <InstrumentPicker current={null} onChoose={choose} />
          <TraderBadge />
        </div>
        <p className="panel-notice">Choose an instrument to trade from the ladder.</p>
      </div>
    );
  }
  return <LadderView key={`${instrument.connectionId}|${instrument.exchange}|${instrument.symbol}`} instrument={instrument} params={params} update={update} onChoose={choose} />;
}

function LadderView({ instrument, params, update, onChoose }: { instrument: ChosenInstrument; params: LadderParams; update: (change: Partial<LadderParams>) => void; onChoose: (chosen: ChosenInstrument) => void }) {
  const services = useServices();
  const id = useId();
  const [controller] = useState(() => new LadderController(services, instrument, `ladder${id.replace(/[^a-zA-Z0-9]/g, '')}`));
  const host = useRef<HTMLDivElement>(null);
  const [quantityDraft, setQuantityDraft] = useState(() => String(params.defaultQuantity));
  const quantity = parseQuantity(quantityDraft);
  const block = useStore(controller.ui, (state) => state.block);
  const message = useStore(controller.trading.state, (state) => state.message);
  const confirmation = useStore(controller.trading.state, (state) => state.confirmation);

  useEffect(() => controller.attach(host.current!), [controller]);
  useEffect(
    () => controller.setSettings({ quantity, confirmOrders: params.confirmOrders, guardTicks: params.guardTicks, autoCentre: params.autoCentre }),
    [controller, quantity, params.confirmOrders, params.guardTicks, params.autoCentre],
  );

  return (
    <div className="panel ladder-panel" data-blocked={block !== null}>
      <div className="panel-toolbar ladder-toolbar">
        <InstrumentPicker current={instrument} onChoose={onChoose} />
        <TraderBadge />
        <button type="button" className="button" aria-keyshortcuts="C" title="Put the market in the middle (C on the ladder)" onClick={() => controller.recentre()}>
          Centre
        </button>
        <label className="ladder-toggle">
          <input type="checkbox" checked={params.autoCentre} onChange={(event) => update({ autoCentre: event.target.checked })} /> Auto-centre
        </label>
        <label className="ladder-toggle">
          <input type="checkbox" checked={params.confirmOrders} onChange={(event) => update({ confirmOrders: event.target.checked })} /> Confirm orders
        </label>
        <GuardTicks value={params.guardTicks} onChange={(guardTicks) => update({ guardTicks })} />
      </div>
      <PositionBar instrument={instrument} />
      <div className="ladder-quantity" role="group" aria-label="Order quantity">
        <label htmlFor={`${id}-qty`}>Qty</label>
        <input
          id={`${id}-qty`}
          className="text-input ladder-quantity__input"
          value={quantityDraft}
          inputMode="numeric"
          aria-invalid={quantity === null}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setQuantityDraft(event.target.value)}
        />
        {quantityChoices(params.defaultQuantity).map((choice) => (
          <button key={choice} type="button" className="button ladder-quantity__choice" aria-pressed={quantity === choice} onClick={() => setQuantityDraft(String(choice))}>
            {quantityText(choice)}
          </button>
        ))}
        <button type="button" className="button button--quiet" onClick={() => setQuantityDraft('')}>
          Clr
        </button>
        <button
          type="button"
          className="button button--quiet"
          title="Make the quantity shown the default"
          disabled={quantity === null || quantity === params.defaultQuantity}
          onClick={() => quantity !== null && update({ defaultQuantity: quantity })}
        >
          Set default
        </button>
      </div>
      {block !== null && (
        <p className="ladder-blocked" role="alert">
          Trading blocked: {block}
        </p>
      )}
      <div ref={host} className="ladder-host" />
      <div className="ladder-footer">
        <button type="button" className="button" onClick={() => controller.trading.cancelAll()}>
          Cancel all
        </button>
        <button type="button" className="button button--danger" onClick={() => controller.trading.flatten()}>
          Flatten
        </button>
        <span className={`ladder-message${message?.bad ? ' ladder-message--bad' : ''}`} role="status" title={message?.text}>
          {message?.text ?? ''}
        </span>
      </div>
      {confirmation !== null && (
        <ConfirmDialog
          title={confirmation.title}
          reason={confirmation.reason}
          onConfirm={() => {
            controller.trading.confirm();
            controller.focus();
          }}
          onDismiss={() => {
            controller.trading.dismiss();
            controller.focus();
          }}
        />
      )}
    </div>
  );
}

/** The active trader and account: always on the ladder, so nobody trades the wrong book. */
function TraderBadge() {
  const { selection } = useServices();
  const { trader, account } = useStore(selection);
  return (
    <span className="trader-badge" aria-label="Active trader and account" data-empty={trader === null}>
      {trader === null ? 'No trader' : `${trader} · ${account === '' ? 'no account' : account}`}
    </span>
  );
}

function PositionBar({ instrument }: { instrument: ChosenInstrument }) {
  const { selection, positions } = useServices();
  const account = useStore(selection, (state) => state.account);
  const position = useStore(positions, (state) => positionOf(state.positions, account, instrument.exchange, instrument.symbol));
  const net = position?.net ?? 0;
  return (
    <dl className="ladder-position" aria-label="Position">
      <div>
        <dt>Net</dt>
        <dd data-side={net > 0 ? 'long' : net < 0 ? 'short' : 'flat'} aria-label="Net position">
          {net > 0 ? `+${quantityText(net)}` : net < 0 ? quantityText(net) : '0'}
        </dd>
      </div>
      <div>
        <dt>Avg</dt>
        <dd aria-label="Average price">{position?.averagePrice == null ? '–' : atTickPlaces(position.averagePrice, instrument.tickSize)}</dd>
      </div>
      <div>
        <dt>Open P&amp;L</dt>
        <dd aria-label="Open P&L" data-sign={sign(position?.openPnl)}>
          {position?.openPnl ?? '–'}
        </dd>
      </div>
      <div>
        <dt>Realized</dt>
        <dd aria-label="Realized P&L" data-sign={sign(position?.realizedPnl)}>
          {position?.realizedPnl ?? '0'}
        </dd>
      </div>
      {position && <dd className="ladder-position__currency">{position.currency}</dd>}
    </dl>
  );
}

/** A decimal from main written with at least the tick's decimal places ("74.7" → "74.70" for a 0.05 tick). */
function atTickPlaces(decimal: string, tickSize: string): string {
  try {
    return Rational.parse(decimal).toDecimalString(TickSize.parse(tickSize).decimals);
  } catch {
    return decimal;
  }
}

function sign(decimal: string | null | undefined): 'up' | 'down' | 'none' {
  if (decimal == null || /^-?0*(\.0*)?$/.test(decimal)) return 'none';
  return decimal.startsWith('-') ? 'down' : 'up';
}

function GuardTicks({ value, onChange }: { value: number; onChange: (ticks: number) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const parsed = /^\d{1,6}$/.test(draft.trim()) ? Number(draft.trim()) : null;
  return (
    <span className="ladder-guard" title="Orders further than this many ticks from the market ask for confirmation">
      <label htmlFor={id}>Guard</label>
      <input
        id={id}
        className="text-input ladder-guard__input"
        value={draft}
        inputMode="numeric"
        aria-invalid={parsed === null}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          if (parsed !== null && parsed !== value) onChange(parsed);
          else setDraft(String(value));
        }}
      />
      <span aria-hidden="true">ticks</span>
    </span>
  );
}

function ConfirmDialog({ title, reason, onConfirm, onDismiss }: { title: string; reason: string | null; onConfirm: () => void; onDismiss: () => void }) {
  const id = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div className="ladder-confirm__backdrop">
      <div
        className="ladder-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={reason === null ? undefined : `${id}-reason`}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onDismiss();
          }
        }}
      >
        <p id={`${id}-title`} className="ladder-confirm__title">
          {title}?
        </p>
        {reason !== null && (
          <p id={`${id}-reason`} className="ladder-confirm__reason">
            {reason}
          </p>
        )}
        <div className="ladder-confirm__actions">
          <button ref={confirm} type="button" className="button button--primary" onClick={onConfirm}>
            Confirm
          </button>
          <button type="button" className="button" onClick={onDismiss}>
            Don&apos;t send
          </button>
        </div>
      </div>
    </div>
  );
}

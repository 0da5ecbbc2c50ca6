import { useId } from 'react';
import type { InstrumentInfo } from '../../src-shared/ipc/contract';
import { addLeg, chooseContract, editLeg, maxLegs, moveLeg, removeLeg, type DefinitionDraft, type LegDraft, type LegTextField } from './definitionForm';
import type { GatewayInstruments } from './useGatewayInstruments';

/** A leg field's reason, if it is to be shown now; `touch` marks a field as seen by the trader. */
export interface LegErrors {
  of(index: number, leg: LegDraft, field: string): string | undefined;
  touch(key: string): void;
}

/** What the trader has touched, by leg (not by place, which changes when legs move). */
export const legTouchKey = (leg: LegDraft, field: string): string => `leg${leg.key}.${field}`;

const numberColumns: readonly { field: LegTextField; label: string; title: string; width: string }[] = [
  { field: 'ratio', label: 'Ratio', title: 'Leg quantity = aggregated quantity × ratio', width: '4em' },
  { field: 'priceOffset', label: 'Offset', title: 'Price offset in the leg’s ticks, up to three decimals, applied after the multiplier', width: '5.5em' },
  { field: 'multiplier', label: 'Multiplier', title: 'Whole, decimal or fraction (1/32)', width: '5.5em' },
  { field: 'takingSplitRatio', label: 'Taking split', title: 'Taking: Split Ratio', width: '4.5em' },
  { field: 'joiningSplitRatio', label: 'Joining split', title: 'Joining: Split Ratio', width: '4.5em' },
  { field: 'rebalancePercent', label: 'Rebalance %', title: 'Share of a resting child moved per rebalancing cycle', width: '4.5em' },
];

const contractKey = (c: { exchange: string; symbol: string }): string => `${c.exchange}|${c.symbol}`;

/**
 * The legs of an aggregated instrument, in their configured order ("first" wins ties): contract
 * from the gateway's list, alias, ratio, offset, multiplier, split ratios, rebalance %, the
 * contract's min tick and the leg's colour.
 */
export function LegTable({
  draft,
  instruments,
  errors,
  tableError,
  onChange,
}: {
  draft: DefinitionDraft;
  instruments: GatewayInstruments;
  errors: LegErrors;
  tableError: string | undefined;
  onChange: (draft: DefinitionDraft, touched?: string) => void;
}) {
  const id = useId();
  const list: readonly InstrumentInfo[] = instruments.kind === 'listed' ? instruments.list : [];

  return (
    <div className="leg-table">
      <div className="leg-table__scroll">
        <table className="data-table leg-table__table" aria-label="Legs" aria-describedby={tableError !== undefined ? `${id}-legs-error` : undefined}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Contract</th>
              <th scope="col">Alias</th>
              {numberColumns.map((column) => (
                <th key={column.field} scope="col" title={column.title}>
                  {column.label}
                </th>
              ))}
              <th scope="col" title="The contract’s minimum tick">
                Min tick
              </th>
              <th scope="col">Colour</th>
              <th scope="col">
                <span className="visually-hidden">Order and removal</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.legs.map((leg, index) => {
              const n = index + 1;
              const cell = (field: string) => {
                const inputId = `${id}-leg${leg.key}-${field}`;
                const error = errors.of(index, leg, field);
                return { inputId, error, errorId: `${inputId}-error` };
              };
              const contract = cell('contract');
              const chosen = leg.symbol !== '';
              const listed = list.some((i) => contractKey(i) === contractKey(leg));
              const alias = cell('alias');
              return (
                <tr key={leg.key} data-leg={n}>
                  <td className="mono leg-table__number">
                    <span className="leg-table__band" style={{ background: leg.legColour }} aria-hidden="true" />
                    {n}
                  </td>
                  <td>
                    <select
                      id={contract.inputId}
                      className="text-input leg-table__contract"
                      aria-label={`Leg ${n} contract`}
                      aria-invalid={contract.error !== undefined}
                      aria-describedby={contract.error !== undefined ? contract.errorId : undefined}
                      value={chosen ? contractKey(leg) : ''}
                      disabled={list.length === 0 && !chosen}
                      onChange={(event) => {
                        const picked = list.find((i) => contractKey(i) === event.target.value);
                        if (picked) onChange(chooseContract(draft, index, picked), legTouchKey(leg, 'contract'));
                      }}
                      onBlur={() => errors.touch(legTouchKey(leg, 'contract'))}
                    >
                      {!chosen && <option value="">{list.length === 0 ? '—' : 'Select a contract'}</option>}
                      {chosen && !listed && (
                        <option value={contractKey(leg)}>
                          {leg.exchange} {leg.symbol}
                        </option>
                      )}
                      {list.map((i) => (
                        <option key={contractKey(i)} value={contractKey(i)}>
                          {i.exchange} {i.symbol} — {i.description}
                        </option>
                      ))}
                    </select>
                    <FieldError id={contract.errorId} error={contract.error} />
                  </td>
                  <td>
                    <input
                      id={alias.inputId}
                      className="text-input leg-table__alias"
                      aria-label={`Leg ${n} alias`}
                      aria-invalid={alias.error !== undefined}
                      aria-describedby={alias.error !== undefined ? alias.errorId : undefined}
                      value={leg.alias}
                      maxLength={32}
                      autoComplete="off"
                      spellCheck={false}
                      onChange={(event) => onChange(editLeg(draft, index, 'alias', event.target.value), legTouchKey(leg, 'alias'))}
                      onBlur={() => errors.touch(legTouchKey(leg, 'alias'))}
                    />
                    <FieldError id={alias.errorId} error={alias.error} />
                  </td>
                  {numberColumns.map((column) => {
                    const box = cell(column.field);
                    return (
                      <td key={column.field}>
                        <input
                          id={box.inputId}
                          className="text-input leg-table__number-input"
                          style={{ width: column.width }}
                          aria-label={`Leg ${n} ${column.label.toLowerCase()}`}
                          aria-invalid={box.error !== undefined}
                          aria-describedby={box.error !== undefined ? box.errorId : undefined}
                          value={leg[column.field]}
                          inputMode={column.field === 'priceOffset' || column.field === 'multiplier' ? 'text' : 'numeric'}
                          autoComplete="off"
                          spellCheck={false}
                          onChange={(event) => onChange(editLeg(draft, index, column.field, event.target.value), legTouchKey(leg, column.field))}
                          onBlur={() => errors.touch(legTouchKey(leg, column.field))}
                        />
                        <FieldError id={box.errorId} error={box.error} />
                      </td>
                    );
                  })}
                  <td className="mono leg-table__tick" aria-label={`Leg ${n} min tick`}>
                    {leg.minTick === '' ? '—' : leg.minTick}
                    <FieldError id={cell('minTick').errorId} error={cell('minTick').error} />
                  </td>
                  <td>
                    <input
                      type="color"
                      className="leg-table__colour"
                      aria-label={`Leg ${n} colour`}
                      value={leg.legColour}
                      onChange={(event) => onChange(editLeg(draft, index, 'legColour', event.target.value), legTouchKey(leg, 'legColour'))}
                    />
                  </td>
                  <td className="leg-table__actions">
                    <button type="button" className="button button--quiet" aria-label={`Move leg ${n} up`} disabled={index === 0} onClick={() => onChange(moveLeg(draft, index, -1))}>
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-label={`Move leg ${n} down`}
                      disabled={index === draft.legs.length - 1}
                      onClick={() => onChange(moveLeg(draft, index, 1))}
                    >
                      ↓
                    </button>
                    <button type="button" className="button button--quiet" aria-label={`Remove leg ${n}`} onClick={() => onChange(removeLeg(draft, index), 'legs')}>
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="leg-table__footer">
        <button type="button" className="button" disabled={draft.legs.length >= maxLegs} onClick={() => onChange(addLeg(draft), 'legs')}>
          Add leg
        </button>
        <FieldError id={`${id}-legs-error`} error={tableError} />
      </div>
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return (
    <span id={id} className="form-field__error">
      {error ?? ''}
    </span>
  );
}

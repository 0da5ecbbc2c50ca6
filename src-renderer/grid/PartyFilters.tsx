import { useId } from 'react';
import { useStore } from 'zustand';
import { useServices } from '../app/services';

/** Trader, account and contract: the filters the Order Book and Fills share. `trader` 'active' follows the active trader. */
export interface PartyFilterValues {
  readonly trader: 'active' | 'all';
  readonly account: string | null;
  readonly contract: string | null;
}

export function PartyFilters({ value, accounts, contracts, onChange }: { value: PartyFilterValues; accounts: readonly string[]; contracts: readonly string[]; onChange: (value: PartyFilterValues) => void }) {
  const id = useId();
  const activeTrader = useStore(useServices().selection, (state) => state.trader);
  return (
    <>
      <label htmlFor={`${id}-trader`}>Trader</label>
      <select id={`${id}-trader`} className="text-input grid-filter" value={value.trader} onChange={(event) => onChange({ ...value, trader: event.target.value === 'all' ? 'all' : 'active' })}>
        <option value="active">{activeTrader === null ? 'Active trader (none)' : `Active: ${activeTrader}`}</option>
        <option value="all">All traders</option>
      </select>
      <label htmlFor={`${id}-account`}>Account</label>
      <select id={`${id}-account`} className="text-input grid-filter" value={value.account ?? ''} onChange={(event) => onChange({ ...value, account: event.target.value || null })}>
        <option value="">All</option>
        {accounts.map((account) => (
          <option key={account} value={account}>
            {account}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-contract`}>Contract</label>
      <select id={`${id}-contract`} className="text-input grid-filter" value={value.contract ?? ''} onChange={(event) => onChange({ ...value, contract: event.target.value || null })}>
        <option value="">All</option>
        {contracts.map((contract) => (
          <option key={contract} value={contract}>
            {contract.replace('|', ' ')}
          </option>
        ))}
      </select>
    </>
  );
}

import { randomBytes } from 'node:crypto';
import {
  aggregatorDefinitionSchema,
  aggregatorSaveSchema,
  type AggregatorDefinition,
  type AggregatorDefinitionsEvent,
  type AggregatorSave,
} from '../../../src-shared/ipc/contract';
import { describeIssues, IpcError, issuesOf, refused } from '../../../src-shared/ipc/protocol';
import type { CallHandlers, StreamHandlers } from '../../../src-shared/ipc/server';
import type { AggregatorDefinitionRepository } from '../../settings/localStore';

/**
 * Why the definition with this id may not change or go now (its parent orders have working
 * children, SPEC §6.6), or null when it may. The Aggregator engine answers it.
 */
export type InUse = (id: string) => string | null;

type Listener = (event: AggregatorDefinitionsEvent) => void;

export type AggregatorDefinitionCalls = Pick<CallHandlers, 'aggregator.list' | 'aggregator.save' | 'aggregator.remove'>;
export type AggregatorDefinitionStreams = Pick<StreamHandlers, 'aggregator.definitions'>;

/**
 * The aggregated instruments the trader has defined (SPEC §4, §6), kept in the workstation's
 * storage. Every definition is checked with the contract's schema on the way in and again when
 * read back; a stored one this version cannot read is kept untouched and listed with the reason,
 * so an upgrade or a hand edit never silently loses a trader's set-up.
 */
export class AggregatorDefinitions {
  /** In the order they were first saved (a Map keeps an updated entry where it was). */
  private readonly definitions = new Map<string, AggregatorDefinition>();
  private readonly unreadable = new Map<string, string>();
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly repository: AggregatorDefinitionRepository,
    private readonly inUse: InUse,
    report: (line: string) => void = (line) => console.error(line),
    private readonly newId: () => string = () => `a-${randomBytes(6).toString('hex')}`,
  ) {
    for (const row of repository.listAggregatorDefinitions()) {
      const read = parseStored(row.id, row.json);
      if (read.ok) {
        this.definitions.set(row.id, read.definition);
      } else {
        this.unreadable.set(row.id, read.reason);
        report(`Saved aggregated instrument ${row.id} is unreadable; it is kept in storage but not offered: ${read.reason}`);
      }
    }
  }

  list(): AggregatorDefinition[] {
    return [...this.definitions.values()];
  }

  get(id: string): AggregatorDefinition | undefined {
    return this.definitions.get(id);
  }

  snapshot(): AggregatorDefinitionsEvent {
    return { definitions: this.list(), unreadable: [...this.unreadable].map(([id, reason]) => ({ id, reason })) };
  }

  /** Saves a new definition (no id: one is assigned) or replaces a stored one, unreadable ones included. */
  save(input: AggregatorSave): AggregatorDefinition {
    const parsed = aggregatorSaveSchema.safeParse(input);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      throw new IpcError({ code: 'InvalidPayload', message: `Invalid aggregated instrument: ${describeIssues(issues)}`, issues });
    }
    const { id: givenId, ...fields } = parsed.data;
    if (givenId !== undefined) {
      if (!this.definitions.has(givenId) && !this.unreadable.has(givenId)) throw refused(`No aggregated instrument with id '${givenId}'`);
      this.refuseWhileInUse(givenId, 'change');
    }
    const name = fields.name.toLowerCase();
    const namesake = this.list().find((other) => other.id !== givenId && other.name.toLowerCase() === name);
    if (namesake) throw refused(`An aggregated instrument named '${namesake.name}' already exists`);
    const definition: AggregatorDefinition = { id: givenId ?? this.newId(), ...fields };
    this.repository.saveAggregatorDefinition(definition.id, JSON.stringify(definition));
    this.definitions.set(definition.id, definition);
    this.unreadable.delete(definition.id);
    this.changed();
    return definition;
  }

  remove(id: string): void {
    if (!this.definitions.has(id) && !this.unreadable.has(id)) throw refused(`No aggregated instrument with id '${id}'`);
    this.refuseWhileInUse(id, 'delete');
    this.repository.deleteAggregatorDefinition(id);
    this.definitions.delete(id);
    this.unreadable.delete(id);
    this.changed();
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly calls: AggregatorDefinitionCalls = {
    'aggregator.list': () => this.list(),
    'aggregator.save': (definition) => this.save(definition),
    'aggregator.remove': ({ id }) => {
      this.remove(id);
      return {};
    },
  };

  readonly streams: AggregatorDefinitionStreams = {
    'aggregator.definitions': (_args, emit) => {
      emit(this.snapshot());
      return this.onChange(emit);
    },
  };

  private refuseWhileInUse(id: string, action: 'change' | 'delete'): void {
    const reason = this.inUse(id);
    if (reason === null) return;
    const name = this.definitions.get(id)?.name ?? id;
    throw refused(`Cannot ${action} ${name}: ${reason}`);
  }

  private changed(): void {
    const event = this.snapshot();
    for (const listener of this.listeners) listener(event);
  }
}

function parseStored(id: string, json: string): { ok: true; definition: AggregatorDefinition } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = aggregatorDefinitionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssues(issuesOf(parsed.error)) };
  if (parsed.data.id !== id) return { ok: false, reason: `it names itself '${parsed.data.id}', not '${id}'` };
  return { ok: true, definition: parsed.data };
}

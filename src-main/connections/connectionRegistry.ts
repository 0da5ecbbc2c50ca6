import { randomBytes } from 'node:crypto';
import {
  connectionInputSchema,
  type ConnectionSettings,
  type ConnectionState,
  type ConnectionView,
} from '../../src-shared/ipc/contract';
import { refused } from '../../src-shared/ipc/protocol';
import type { ConnectionRepository } from '../settings/localStore';

type Listener = (connections: readonly ConnectionView[]) => void;

/** The part of a connection's view its FIX session decides. */
export type SessionFields = Pick<ConnectionView, 'state' | 'detail' | 'loggedOnAs' | 'traders' | 'latencyMs' | 'marketData'>;

export const embeddedId = 'embedded';

/**
 * The gateways this workstation connects to and the state of each. The FIX connection
 * service drives the states; the UI reads them through the `connections` stream.
 */
export class ConnectionRegistry {
  private readonly views = new Map<string, ConnectionView>();
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly repository: ConnectionRepository,
    private readonly now: () => number = Date.now,
    report: (message: string) => void = (message) => console.error(message),
  ) {
    for (const row of repository.listConnections()) {
      const settings = parseStored(row.json);
      if (settings.ok) this.views.set(row.id, this.initialView(row.id, settings.value, false));
      // A row this version cannot read stays in the store untouched; it is only skipped.
      else report(`Saved connection ${row.id} is unreadable and was skipped: ${settings.error}`);
    }
  }

  list(): ConnectionView[] {
    return [...this.views.values()];
  }

  add(settings: ConnectionSettings): ConnectionView {
    if (this.list().some((view) => view.settings.name.toLowerCase() === settings.name.toLowerCase())) {
      throw refused(`A connection named '${settings.name}' already exists`);
    }
    const id = `c-${randomBytes(6).toString('hex')}`;
    this.repository.saveConnection(id, JSON.stringify(settings));
    const view = this.initialView(id, settings, false);
    this.views.set(id, view);
    this.changed();
    return view;
  }

  /**
   * The connection to the gateway main runs itself: not saved (its port changes every run),
   * not removable, replaced when the gateway restarts.
   */
  setEmbedded(settings: ConnectionSettings, detail: string): ConnectionView {
    const view: ConnectionView = { ...this.initialView(embeddedId, settings, true), detail };
    this.views.set(embeddedId, view);
    this.changed();
    return view;
  }

  remove(id: string): void {
    const view = this.views.get(id);
    if (!view) throw refused(`No connection with id '${id}'`);
    if (view.embedded) throw refused('The embedded gateway connection cannot be removed');
    this.repository.deleteConnection(id);
    this.views.delete(id);
    this.changed();
  }

  setState(id: string, state: ConnectionState, detail: string): void {
    const view = this.views.get(id);
    if (!view) return;
    this.setSession(id, { state, detail, loggedOnAs: view.loggedOnAs, traders: view.traders, latencyMs: view.latencyMs, marketData: view.marketData });
  }

  /** What the connection service says of its session; listeners hear only real changes. */
  setSession(id: string, session: SessionFields): void {
    const view = this.views.get(id);
    if (!view) return;
    const next: ConnectionView = { ...view, ...session, since: view.state === session.state ? view.since : this.now() };
    if (JSON.stringify(next) === JSON.stringify(view)) return;
    this.views.set(id, next);
    this.changed();
  }

  get(id: string): ConnectionView | undefined {
    return this.views.get(id);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private initialView(id: string, settings: ConnectionSettings, embedded: boolean): ConnectionView {
    return { id, settings, embedded, state: 'disconnected', detail: 'Not connected', since: this.now(), loggedOnAs: null, traders: [], latencyMs: null, marketData: 'none' };
  }

  private changed(): void {
    const snapshot = this.list();
    for (const listener of this.listeners) listener(snapshot);
  }
}

function parseStored(json: string): { ok: true; value: ConnectionSettings } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const parsed = connectionInputSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error.message };
}

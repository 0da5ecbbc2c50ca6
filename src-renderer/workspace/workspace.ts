import type { DockviewApi } from 'dockview-react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Layout } from '../../src-shared/ipc/contract';
import { checkLayout } from './layoutGuard';
import { LayoutSaver, type LayoutSaveState } from './layoutSaver';
import type { PanelRegistry } from './panelRegistry';

/** Where layouts live (main, over IPC). */
export interface LayoutStorage {
  load(): Promise<Layout | null>;
  save(layout: Layout): Promise<void>;
}

export interface WorkspaceState {
  /** False until the saved layout (or the default) is on screen. */
  readonly ready: boolean;
  readonly openPanels: readonly string[];
  readonly save: LayoutSaveState;
  /** Why the saved layout was not restored, for the trader to read; null when it was. */
  readonly restoreProblem: string | null;
}

interface Attachment {
  readonly api: DockviewApi;
  readonly saver: LayoutSaver;
  readonly stop: (() => void)[];
}

/**
 * The docking workspace outside React: opens panels, restores the saved layout on start and
 * saves every change. The docking library hands over its api on ready (twice under React's
 * StrictMode): each attach replaces the previous one, and late answers for an old one are dropped.
 */
export class Workspace {
  readonly state: StoreApi<WorkspaceState> = createStore<WorkspaceState>(() => ({
    ready: false,
    openPanels: [],
    save: { kind: 'idle' },
    restoreProblem: null,
  }));
  private attachment: Attachment | undefined;

  constructor(
    readonly registry: PanelRegistry,
    private readonly storage: LayoutStorage,
    /** The panels a new (or reset) workspace shows. */
    private readonly defaultPanels: readonly string[],
  ) {
    for (const id of defaultPanels) if (!registry.has(id)) throw new Error(`Default panel '${id}' is not registered`);
  }

  attach(api: DockviewApi): void {
    this.detach();
    const saver = new LayoutSaver(
      () => JSON.parse(JSON.stringify(api.toJSON())) as Layout,
      (layout) => this.storage.save(layout),
      (save) => this.state.setState({ save }),
    );
    const attachment: Attachment = { api, saver, stop: [] };
    this.attachment = attachment;
    this.state.setState({ ready: false, openPanels: [], save: { kind: 'idle' }, restoreProblem: null });
    this.storage.load().then(
      (layout) => {
        if (this.attachment === attachment) this.restore(attachment, layout);
      },
      (error: unknown) => {
        if (this.attachment !== attachment) return;
        this.showDefault(attachment, `the saved layout could not be loaded (${error instanceof Error ? error.message : String(error)})`);
      },
    );
  }

  detach(): void {
    const attachment = this.attachment;
    if (!attachment) return;
    this.attachment = undefined;
    attachment.saver.dispose();
    for (const stop of attachment.stop) stop();
  }

  /** Shows the panel: brings it to the front if open, else opens it in the active group. */
  openPanel(id: string): void {
    const api = this.readyApi();
    const panel = this.registry.get(id);
    if (!api || !panel) return;
    const open = api.getPanel(id);
    if (open) open.api.setActive();
    else api.addPanel({ id, component: id, title: panel.title });
  }

  closeActivePanel(): void {
    this.readyApi()?.activePanel?.api.close();
  }

  /** Moves the active panel out of its tabs into a new group beside or below (keyboard docking). */
  splitActivePanel(side: 'right' | 'bottom'): void {
    const panel = this.readyApi()?.activePanel;
    // A panel alone in its group is already as split as it gets.
    if (!panel || panel.api.group.panels.length < 2) return;
    panel.api.moveTo({ group: panel.api.group, position: side });
  }

  /** Moves the active panel into the tabs of the next group, in the order groups were made. */
  moveActivePanelToNextGroup(): void {
    const api = this.readyApi();
    const panel = api?.activePanel;
    if (!api || !panel || api.groups.length < 2) return;
    const groups = api.groups;
    const next = groups[(groups.indexOf(panel.api.group) + 1) % groups.length]!;
    panel.api.moveTo({ group: next, position: 'center' });
  }

  resetLayout(): void {
    const attachment = this.attachment;
    if (!attachment || !this.state.getState().ready) return;
    attachment.api.clear();
    this.addDefaultPanels(attachment.api);
    this.state.setState({ restoreProblem: null });
  }

  dismissRestoreProblem(): void {
    this.state.setState({ restoreProblem: null });
  }

  /** Saves a pending change now: the page is going away. */
  flush(): void {
    this.attachment?.saver.flush();
  }

  private readyApi(): DockviewApi | undefined {
    return this.state.getState().ready ? this.attachment?.api : undefined;
  }

  private restore(attachment: Attachment, layout: Layout | null): void {
    if (layout === null) {
      this.showDefault(attachment, null);
      return;
    }
    const check = checkLayout(layout, (component) => this.registry.has(component));
    if (!check.ok) {
      this.showDefault(attachment, `the saved layout was not restored: ${check.reason}`);
      return;
    }
    try {
      attachment.api.fromJSON(check.layout);
    } catch (error) {
      attachment.api.clear();
      this.showDefault(attachment, `the saved layout was not restored: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.ready(attachment, null);
  }

  private showDefault(attachment: Attachment, problem: string | null): void {
    this.addDefaultPanels(attachment.api);
    this.ready(attachment, problem);
  }

  private addDefaultPanels(api: DockviewApi): void {
    for (const id of this.defaultPanels) {
      const panel = this.registry.get(id)!;
      api.addPanel({ id, component: id, title: panel.title });
    }
  }

  private ready(attachment: Attachment, restoreProblem: string | null): void {
    const { api, saver } = attachment;
    const openPanels = (): string[] => api.panels.map((panel) => panel.id);
    const subscriptions = [
      api.onDidLayoutChange(() => saver.changed()),
      api.onDidAddPanel(() => this.state.setState({ openPanels: openPanels() })),
      api.onDidRemovePanel(() => this.state.setState({ openPanels: openPanels() })),
    ];
    attachment.stop.push(() => {
      for (const subscription of subscriptions) subscription.dispose();
    });
    this.state.setState({ ready: true, openPanels: openPanels(), restoreProblem });
  }
}

import type { FunctionComponent } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { chordId, matchesChord, parseChord, type KeyChord, type KeyPress, type Platform } from './keyChords';

/** One kind of panel the workspace can show. Later screens join the workspace by adding one of these. */
export interface PanelDefinition {
  /** Stable id: the panel's id and component name in saved layouts, so never rename one. */
  readonly id: string;
  readonly title: string;
  /** What the Windows menu and the command palette say about it. */
  readonly description: string;
  readonly component: FunctionComponent<IDockviewPanelProps>;
  /** Opens (or focuses) the panel from anywhere, e.g. `Alt+Shift+C`. */
  readonly shortcut?: string;
}

export interface RegisteredPanel extends PanelDefinition {
  readonly chord: KeyChord | undefined;
}

const panelIdPattern = /^[a-z][a-z0-9-]{0,63}$/;

/** The panels known to this build, checked once at start: a clash is a programming error. */
export class PanelRegistry {
  private readonly panels = new Map<string, RegisteredPanel>();

  /** `reservedShortcuts` are taken by the workspace itself (e.g. the command palette). */
  constructor(definitions: readonly PanelDefinition[], platform: Platform, reservedShortcuts: readonly string[] = []) {
    const chordOwners = new Map<string, string>();
    for (const shortcut of reservedShortcuts) chordOwners.set(chordId(parseChord(shortcut, platform)), 'the workspace');
    for (const definition of definitions) {
      if (!panelIdPattern.test(definition.id)) throw new Error(`Panel id '${definition.id}' must be lower-case letters, digits and dashes`);
      if (this.panels.has(definition.id)) throw new Error(`Panel id '${definition.id}' is registered twice`);
      const chord = definition.shortcut === undefined ? undefined : parseChord(definition.shortcut, platform);
      if (chord) {
        const owner = chordOwners.get(chordId(chord));
        if (owner) throw new Error(`Shortcut ${definition.shortcut} of '${definition.id}' is already used by ${owner}`);
        chordOwners.set(chordId(chord), `'${definition.id}'`);
      }
      this.panels.set(definition.id, { ...definition, chord });
    }
  }

  all(): readonly RegisteredPanel[] {
    return [...this.panels.values()];
  }

  get(id: string): RegisteredPanel | undefined {
    return this.panels.get(id);
  }

  has(id: string): boolean {
    return this.panels.has(id);
  }

  /** The components by id, as the docking library wants them. */
  components(): Record<string, FunctionComponent<IDockviewPanelProps>> {
    return Object.fromEntries([...this.panels.values()].map((panel) => [panel.id, panel.component]));
  }

  panelForKeyPress(press: KeyPress): RegisteredPanel | undefined {
    for (const panel of this.panels.values()) {
      if (panel.chord && matchesChord(panel.chord, press)) return panel;
    }
    return undefined;
  }
}

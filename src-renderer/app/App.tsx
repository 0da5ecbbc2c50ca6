import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { CommandPalette } from '../workspace/CommandPalette';
import { describeChord, matchesChord, parseChord } from '../workspace/keyChords';
import { MenuBar, type Menu } from '../workspace/MenuBar';
import { workspaceCommands } from '../workspace/workspaceCommands';
import { WorkspaceView } from '../workspace/WorkspaceView';
import { StatusBar } from '../status/StatusBar';
import { useServices } from './services';
import { commandPaletteShortcuts } from './shortcuts';
import './app.css';

/** The window: menu bar, docking workspace, status bar, and the command palette over them. */
export function App() {
  const { workspace, platform, status } = useServices();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const openPanels = useStore(workspace.state, (state) => state.openPanels);
  const restoreProblem = useStore(workspace.state, (state) => state.restoreProblem);
  const linkLost = useStore(status, (state) => state.lost !== null);

  const paletteChords = useMemo(() => commandPaletteShortcuts.map((shortcut) => parseChord(shortcut, platform)), [platform]);
  const paletteShortcut = describeChord(paletteChords[0]!, platform);
  const commands = useMemo(() => workspaceCommands(workspace, platform), [workspace, platform]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.repeat) return;
      if (paletteChords.some((chord) => matchesChord(chord, event))) {
        event.preventDefault();
        setPaletteOpen((open) => !open);
        return;
      }
      const panel = workspace.registry.panelForKeyPress(event);
      if (panel) {
        event.preventDefault();
        setPaletteOpen(false);
        workspace.openPanel(panel.id);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [paletteChords, workspace]);

  const menus: Menu[] = [
    {
      label: 'Windows',
      entries: [
        ...workspace.registry.all().map((panel) => ({
          id: panel.id,
          label: panel.title,
          ...(panel.chord ? { shortcut: describeChord(panel.chord, platform) } : {}),
          checked: openPanels.includes(panel.id),
          run: () => workspace.openPanel(panel.id),
        })),
        'separator',
        { id: 'close-active', label: 'Close active panel', run: () => workspace.closeActivePanel() },
        { id: 'reset-layout', label: 'Reset layout', run: () => workspace.resetLayout() },
      ],
    },
  ];

  return (
    <div className="app" data-link={linkLost ? 'lost' : 'up'}>
      <MenuBar menus={menus}>
        <button
          type="button"
          className="button button--quiet menu-bar__palette"
          aria-keyshortcuts={paletteShortcut.aria}
          onClick={() => setPaletteOpen(true)}
        >
          Commands <kbd>{paletteShortcut.shown}</kbd>
        </button>
        <span className="menu-bar__brand">Tessera</span>
      </MenuBar>
      {restoreProblem !== null && (
        <div className="banner" role="status">
          <span>Showing the default layout: {restoreProblem}.</span>
          <button type="button" className="button button--quiet" onClick={() => workspace.dismissRestoreProblem()}>
            Dismiss
          </button>
        </div>
      )}
      <WorkspaceView />
      <StatusBar />
      {paletteOpen && <CommandPalette commands={commands} onClose={() => setPaletteOpen(false)} />}
    </div>
  );
}

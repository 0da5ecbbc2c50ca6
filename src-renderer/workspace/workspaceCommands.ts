import type { WorkspaceCommand } from './commands';
import { describeChord, type Platform } from './keyChords';
import type { Workspace } from './workspace';

/** The palette's commands: open each registered panel, then what acts on the layout. */
export function workspaceCommands(workspace: Workspace, platform: Platform): WorkspaceCommand[] {
  const openPanel = workspace.registry.all().map(
    (panel): WorkspaceCommand => ({
      id: `open.${panel.id}`,
      title: `Open ${panel.title}`,
      category: 'Windows',
      ...(panel.chord ? { shortcut: describeChord(panel.chord, platform) } : {}),
      run: () => workspace.openPanel(panel.id),
    }),
  );
  return [
    ...openPanel,
    { id: 'panel.close', title: 'Close active panel', category: 'Windows', run: () => workspace.closeActivePanel() },
    { id: 'panel.split-right', title: 'Split active panel to the right', category: 'Layout', run: () => workspace.splitActivePanel('right') },
    { id: 'panel.split-down', title: 'Split active panel down', category: 'Layout', run: () => workspace.splitActivePanel('bottom') },
    { id: 'panel.next-group', title: 'Move active panel to the next group', category: 'Layout', run: () => workspace.moveActivePanelToNextGroup() },
    { id: 'layout.reset', title: 'Reset layout', category: 'Layout', run: () => workspace.resetLayout() },
  ];
}

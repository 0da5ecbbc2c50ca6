import { useCallback, useEffect, useMemo } from 'react';
import { DockviewReact, type DockviewReadyEvent, type IWatermarkPanelProps } from 'dockview-react';
import { useServices } from '../app/services';
import { commandPaletteShortcuts } from '../app/shortcuts';
import { tesseraDockTheme } from '../theme/dockTheme';
import { describeChord, parseChord } from './keyChords';

/** The docking area; what it shows and saves is the Workspace's business. */
export function WorkspaceView() {
  const { workspace } = useServices();
  const components = useMemo(() => workspace.registry.components(), [workspace]);
  const onReady = useCallback((event: DockviewReadyEvent) => workspace.attach(event.api), [workspace]);
  useEffect(() => () => workspace.detach(), [workspace]);

  return (
    <main className="workspace" aria-label="Workspace">
      <DockviewReact
        theme={tesseraDockTheme}
        components={components}
        onReady={onReady}
        watermarkComponent={EmptyWorkspace}
      />
    </main>
  );
}

function EmptyWorkspace(_props: IWatermarkPanelProps) {
  const { platform } = useServices();
  const palette = describeChord(parseChord(commandPaletteShortcuts[0], platform), platform);
  return (
    <div className="empty-workspace">
      <p>No panels open.</p>
      <p>
        Open one from the <strong>Windows</strong> menu or the command palette (<kbd>{palette.shown}</kbd>).
      </p>
    </div>
  );
}

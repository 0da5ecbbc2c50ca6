import { useEffect, useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import type { AppInfo } from '../../src-shared/ipc/contract';
import { useServices } from '../app/services';

/** Which build this is and where it keeps its data: what support asks for first. */
export function AboutPanel(_props: IDockviewPanelProps) {
  const { link } = useServices();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    link.client.call('app.info', {}).then(
      (answer) => {
        if (current) setInfo(answer);
      },
      (error: unknown) => {
        if (current) setProblem(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      current = false;
    };
  }, [link]);

  return (
    <div className="panel">
      {problem !== null && (
        <p className="panel-notice panel-notice--bad" role="alert">
          {problem}
        </p>
      )}
      {info === null && problem === null && <p className="panel-notice">Asking main…</p>}
      {info !== null && (
        <dl className="key-value" aria-label="About Tessera">
          <dt>Application</dt>
          <dd>
            {info.name} {info.version}
          </dd>
          <dt>Shell</dt>
          <dd>{info.shell === 'desktop' ? 'Desktop (Electron)' : 'Browser'}</dd>
          <dt>Link to main</dt>
          <dd>{link.transport === 'electron' ? 'Electron IPC' : 'WebSocket'}</dd>
          <dt>Platform</dt>
          <dd>{info.platform}</dd>
          <dt>Data folder</dt>
          <dd>{info.dataDir}</dd>
        </dl>
      )}
    </div>
  );
}

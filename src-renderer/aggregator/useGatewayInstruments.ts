import { useEffect, useState } from 'react';
import type { InstrumentInfo } from '../../src-shared/ipc/contract';
import type { IpcClient } from '../../src-shared/ipc/client';

export type GatewayInstruments =
  | { readonly kind: 'no-session' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'listed'; readonly list: readonly InstrumentInfo[] }
  | { readonly kind: 'failed'; readonly reason: string };

const retryMs = 3000;

/**
 * The gateway's instrument list (its SecurityList) for the contract picker. It needs a logged-on
 * session; a failed request is asked again a few seconds later for as long as the session is up.
 */
export function useGatewayInstruments(client: IpcClient, connectionId: string, loggedOn: boolean): GatewayInstruments {
  const [answer, setAnswer] = useState<{ connectionId: string; result: GatewayInstruments } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (connectionId === '' || !loggedOn) return;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    client.call('instruments.list', { connectionId }).then(
      (list) => {
        if (live) setAnswer({ connectionId, result: { kind: 'listed', list } });
      },
      (error: unknown) => {
        if (!live) return;
        setAnswer({ connectionId, result: { kind: 'failed', reason: error instanceof Error ? error.message : String(error) } });
        retry = setTimeout(() => setAttempt((n) => n + 1), retryMs);
      },
    );
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [client, connectionId, loggedOn, attempt]);

  if (connectionId === '' || !loggedOn) return { kind: 'no-session' };
  return answer?.connectionId === connectionId ? answer.result : { kind: 'loading' };
}

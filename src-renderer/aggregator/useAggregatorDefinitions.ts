import { useEffect, useState } from 'react';
import type { AggregatorDefinition } from '../../src-shared/ipc/contract';
import { useServices } from '../app/services';

export type DefinitionsFeed = { readonly kind: 'waiting' } | { readonly kind: 'live'; readonly definitions: readonly AggregatorDefinition[] } | { readonly kind: 'ended'; readonly reason: string };

/** The saved aggregated instruments, live from main's `aggregator.definitions` stream. */
export function useAggregatorDefinitions(): DefinitionsFeed {
  const { link } = useServices();
  const [feed, setFeed] = useState<DefinitionsFeed>({ kind: 'waiting' });
  useEffect(
    () =>
      link.client.subscribe(
        'aggregator.definitions',
        {},
        (event) => setFeed({ kind: 'live', definitions: event.definitions }),
        (error) => setFeed({ kind: 'ended', reason: error?.message ?? 'main closed the definitions stream' }),
      ),
    [link],
  );
  return feed;
}

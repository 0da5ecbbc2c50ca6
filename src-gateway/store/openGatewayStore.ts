import { join } from 'node:path';
import type { PasswordHasher } from '../auth/passwords';
import type { GatewayConfig } from '../config/gatewayConfig';
import { seedDemoFirm } from './demoFirm';
import { GatewayStore } from './GatewayStore';

export const storeFileName = 'gateway.sqlite';

/** Opens `<dataDir>/gateway.sqlite` (migrating it) and seeds the demo firm on first run if the config asks. */
export async function openGatewayStore(config: Pick<GatewayConfig, 'dataDir' | 'store'>, hasher: PasswordHasher): Promise<GatewayStore> {
  const store = new GatewayStore({ file: join(config.dataDir, storeFileName), fsync: config.store.fsync });
  try {
    if (config.store.seedDemoFirm && store.isEmpty()) await seedDemoFirm(store, hasher);
    return store;
  } catch (error) {
    store.close();
    throw error;
  }
}

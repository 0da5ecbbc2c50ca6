import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Electron's app.getPath('userData') puts Tessera's data, so both shells share it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Tessera');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tessera');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Tessera');
}

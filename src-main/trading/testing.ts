import { IpcError } from '../../src-shared/ipc/protocol';

// Helpers for tests that drive main's services against a real gateway (trading, Aggregator).

/** Retries a check until it passes, or the time is up (then its last failure is thrown). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The refusal a call ends in; throws when it succeeds or fails another way. */
export async function refusal(promise: Promise<unknown>): Promise<IpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IpcError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** One request to a gateway's admin API as the demo firm's administrator. */
export async function adminCall(adminPort: number, method: string, path: string, body: unknown): Promise<void> {
  const base = `http://127.0.0.1:${adminPort}`;
  const login = await fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firm: 'DemoFirm', username: 'admin', password: 'admin-demo' }) });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
}

/** Opens or closes an exchange's market, as a risk manager would from the admin API. */
export function setMarket(adminPort: number, exchange: string, open: boolean): Promise<void> {
  return adminCall(adminPort, 'POST', `/exchanges/${exchange}/market`, { open });
}

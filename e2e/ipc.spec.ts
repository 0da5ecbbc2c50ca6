import { expect, test } from './fixtures';

// The IPC boundary as a page in the browser sees it: the token gate, and bad payloads that
// get a named-field error while the session goes on.

test('a WebSocket without the token, or with a wrong one, is refused', async ({ page, app }) => {
  await page.goto(app.url);
  const outcomes = await page.evaluate(async (origin) => {
    const attempt = (query: string): Promise<string> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc${query}`);
        ws.onopen = () => {
          ws.close();
          resolve('open');
        };
        ws.onclose = (event) => resolve(`closed ${event.code}`);
      });
    return [await attempt(''), await attempt('?token=not-the-token')];
  }, app.origin);
  expect(outcomes).toEqual(['closed 1006', 'closed 1006']);
});

test('a malformed payload gets an error naming the field, and the session goes on', async ({ page, app }) => {
  await page.goto(app.url);
  const replies = await page.evaluate(
    async ({ origin, token }) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?token=${encodeURIComponent(token)}`);
      const received: unknown[] = [];
      await new Promise((resolve) => (ws.onopen = resolve));
      const next = (): Promise<unknown> =>
        new Promise((resolve) => {
          ws.onmessage = (event) => {
            received.push(JSON.parse(String(event.data)));
            resolve(received.at(-1));
          };
        });
      const bad = { name: 'Bad', host: '127.0.0.1', port: 'nine', senderCompID: 'Tessera', targetCompID: 'Firm' };
      ws.send(JSON.stringify({ t: 'call', id: 1, method: 'connections.add', payload: bad }));
      const first = await next();
      ws.send(JSON.stringify({ t: 'call', id: 2, method: 'connections.add', payload: { ...bad, port: 9878 } }));
      const second = await next();
      ws.close();
      return [first, second];
    },
    { origin: app.origin, token: app.token },
  );
  expect(replies[0]).toMatchObject({ t: 'error', id: 1, error: { code: 'InvalidPayload', issues: [{ path: 'port' }] } });
  expect(replies[1]).toMatchObject({ t: 'result', id: 2, value: { settings: { name: 'Bad', port: 9878 } } });
});

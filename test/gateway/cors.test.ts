import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 0 });
});
afterAll(() => gw.stop());

describe('cross-origin calls (a pane served from another origin)', () => {
  it('answers the preflight of a JSON operation with the methods and headers the pane sends', async () => {
    const res = await fetch(`${gw.url}/api/Login`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://outlook.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization, x-database-id',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    for (const header of ['content-type', 'authorization', 'x-database-id'])
      expect(res.headers.get('access-control-allow-headers')).toContain(header);
  });

  it('marks the answers of operations, errors included, as readable from any origin', async () => {
    const ok = await fetch(`${gw.url}/api/Login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://outlook.example' },
      body: JSON.stringify({ userName: 'alice', password: 'demo' }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await fetch(`${gw.url}/api/Login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://outlook.example' },
      body: JSON.stringify({ userName: 'alice', password: 'wrong' }),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('does not open the pane files or unknown paths to other origins', async () => {
    const res = await fetch(`${gw.url}/elsewhere`, { method: 'OPTIONS', headers: { origin: 'https://outlook.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

import type { KyselyPlugin } from 'kysely';
import type { GatewayDatabase } from '../../src/gateway/db/open-database.js';
import type { GatewayContext } from '../../src/gateway/gateway-context.js';
import { dispatchOperation } from '../../src/gateway/operations/dispatch-operation.js';
import { ProtocolError, type ErrorCode, type OperationName, type RequestOf } from '../../src/protocol/index.js';
import { GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * The throttles must hold when attempts arrive at the same time, also from several
 * gateway processes sharing one database. In one process the embedded database
 * answers each statement at once, so concurrent requests only interleave where a
 * handler waits for something else (the password hash). This database answers
 * every statement after a turn of the event loop, as another process's database
 * connection would: concurrent attempts then interleave between any two statements,
 * and a read-then-write throttle lets all of them through.
 */
function interleaving(database: GatewayDatabase): GatewayDatabase {
  const yieldAfterEachStatement: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      await new Promise((resolve) => setImmediate(resolve));
      return args.result;
    },
  };
  return { ...database, db: database.db.withPlugin(yieldAfterEachStatement) };
}

const PARALLEL = 30;

let gw: TestGateway;
let ctx: GatewayContext;
beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 20 });
  ctx = { ...gw.context, database: interleaving(gw.context.database) };
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

async function codeOf<N extends OperationName>(operation: N, request: RequestOf<N>): Promise<ErrorCode | 'OK'> {
  try {
    await dispatchOperation(ctx, operation, request, {});
    return 'OK';
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
}

const count = (codes: readonly string[], code: string) => codes.filter((c) => c === code).length;
const sessions = async () => (await gw.context.database.db.selectFrom('sessions').select('token_hash').execute()).length;

test('30 parallel wrong passwords: only lockAfterFailures are checked; the right password then waits', async () => {
  const before = await sessions();
  const codes = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => codeOf('Login', { userName: 'carol', password: `x${i}` })));
  expect(count(codes, 'UNAUTHENTICATED')).toBe(ctx.config.lockAfterFailures);
  expect(count(codes, 'RATE_LIMITED')).toBe(PARALLEL - ctx.config.lockAfterFailures);
  expect(await codeOf('Login', { userName: 'carol', password: 'demo' })).toBe('RATE_LIMITED');
  expect(await sessions()).toBe(before);
});

test('30 parallel wrong claim codes: only claimLockAfterFailures are looked up; the right code then waits', async () => {
  const admin = new GatewayClient(gw.url, 'json');
  await admin.login('admin');
  const bob = new GatewayClient(gw.url, 'json');
  await bob.login('bob');
  const site = await bob.call('RegisterSite', { deviceName: 'bob old laptop', operationId: 'throttle-site-1' });
  const { jobs } = await admin.call('RequestReplacement', { siteIds: [site.siteId], operationId: 'throttle-job-1' });
  await gw.context.replacements.idle();
  const before = await sessions();

  const codes = await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) =>
      codeOf('ClaimReplacement', { claimCode: `WRONG-${i}-CODE`, deviceName: 'thief', operationId: `throttle-guess-${i}` }),
    ),
  );
  expect(count(codes, 'FORBIDDEN')).toBe(ctx.config.claimLockAfterFailures);
  expect(count(codes, 'RATE_LIMITED')).toBe(PARALLEL - ctx.config.claimLockAfterFailures);
  const right = { claimCode: jobs[0]!.claimCode!, deviceName: 'bob new laptop', operationId: 'throttle-claim-right' };
  expect(await codeOf('ClaimReplacement', right)).toBe('RATE_LIMITED');
  expect(await sessions()).toBe(before);
});

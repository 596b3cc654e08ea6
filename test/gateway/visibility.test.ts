import { hashPassword } from '../../src/gateway/auth/password-hash.js';
import { DEMO_ORG_ID } from '../../src/gateway/demo/seed-database.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
  // A director (organization visibility) in another organization's twin, to tell organization from all.
  const db = gw.context.database.db;
  const hash = await hashPassword('demo');
  await db
    .insertInto('users')
    .values([
      {
        user_id: 'U-ERIN',
        user_name: 'erin',
        display_name: 'Erin Director',
        password_hash: hash,
        responsibility_id: 'R-SALES-DIRECTOR',
        team_id: null,
        org_id: DEMO_ORG_ID,
        created_at: 0,
      },
      {
        user_id: 'U-OTTO',
        user_name: 'otto',
        display_name: 'Otto Elsewhere',
        password_hash: hash,
        responsibility_id: 'R-SALES-REP',
        team_id: 'T-SOUTH',
        org_id: 'ORG-EU',
        created_at: 0,
      },
    ])
    .execute();
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

async function visibleOwners(client: GatewayClient, objectType: string): Promise<Set<string>> {
  const keys = await client.allChangeKeys(objectType, 5000);
  const owners = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const batch = await client.call('QueryRecords', { objectType, rowIds: keys.slice(i, i + 500).map((k) => k.rowId) });
    expect(batch.notFound).toEqual([]);
    for (const r of batch.records) owners.add(r.owner);
  }
  return owners;
}

describe.each(ENCODINGS)('visibility over %s', (encoding) => {
  const client = async (user: string) => {
    const c = new GatewayClient(gw.url, encoding);
    await c.login(user);
    return c;
  };

  test.each([
    ['alice', 'personal', ['alice']],
    ['bob', 'personal', ['bob']],
    ['carol', 'personal', ['carol']],
    ['dave', 'team', ['alice', 'bob', 'dave']],
    ['erin', 'organization', ['alice', 'bob', 'carol', 'dave']],
    ['admin', 'all', ['alice', 'bob', 'carol', 'dave']],
  ] as const)('%s (%s) sees the records of %j', async (user, visibility, owners) => {
    const c = await client(user);
    const login = await c.call('Login', { userName: user, password: 'demo' });
    expect(login.visibility).toBe(visibility);
    expect(login.isAdmin).toBe(user === 'admin');
    for (const objectType of ['Account', 'Contact', 'Opportunity', 'Activity']) {
      expect([...(await visibleOwners(c, objectType))].sort()).toEqual([...owners].sort());
    }
  });

  test('otto in another organization sees none of the demo records', async () => {
    const otto = await client('otto');
    for (const objectType of ['Account', 'Contact']) {
      expect((await otto.call('EstimateCount', { objectType })).count).toBe(0);
    }
  });

  test("another user's record answers exactly as a record that does not exist, for every operation, and stays unchanged", async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    const aliceAccountId = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!.rowId;
    const before = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [aliceAccountId] })).records[0]!;
    const ghost = '1-NOSUCHRECORD';

    const read = await bob.call('QueryRecords', { objectType: 'Account', rowIds: [aliceAccountId, ghost] });
    expect(read.records).toEqual([]);
    expect(read.notFound).toEqual([aliceAccountId, ghost]);

    for (const rowId of [aliceAccountId, ghost]) {
      const update = await bob.fail('UpdateRecord', {
        operationId: `vis-u-${encoding}-${rowId}`,
        objectType: 'Account',
        rowId,
        modNum: before.modNum,
        fields: { Phone: '+1 555 0666' },
      });
      const del = await bob.fail('DeleteRecord', {
        operationId: `vis-d-${encoding}-${rowId}`,
        objectType: 'Account',
        rowId,
        modNum: before.modNum,
      });
      for (const failure of [update, del]) {
        expect(failure.error.code).toBe('NOT_FOUND');
        expect(failure.error.message).toBe(`Account ${rowId} does not exist`);
        if (encoding === 'json') expect(failure.httpStatus).toBe(404);
      }
    }
    const byKey = await bob.call('QueryByUserKey', {
      objectType: 'Account',
      fields: { Name: before.fields['Name']!, Location: before.fields['Location']! },
    });
    expect(byKey.records).toEqual([]);
    const reference = await bob.fail('InsertRecord', {
      operationId: `vis-i-${encoding}`,
      objectType: 'Contact',
      fields: { FirstName: 'Sneaky', LastName: `Bob-${encoding}`, AccountId: aliceAccountId },
    });
    expect(reference.error.code).toBe('INVALID_REQUEST');
    // Bob learns that the key is taken, but not which record holds it.
    const dup = await bob.fail('InsertRecord', {
      operationId: `vis-k-${encoding}`,
      objectType: 'Account',
      fields: { Name: before.fields['Name']!, Location: before.fields['Location']! },
    });
    expect(dup.error.code).toBe('DUPLICATE_USER_KEY');
    expect(dup.error.details).not.toHaveProperty('rowId');

    const after = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [aliceAccountId] })).records[0]!;
    expect(after).toEqual(before);
  });

  test("a manager may update a team member's record; the owner stays", async () => {
    const alice = await client('alice');
    const dave = await client('dave');
    const id = (await alice.call('GetChangeKeys', { objectType: 'Contact', pageSize: 1 })).keys[0]!.rowId;
    const rec = (await dave.call('QueryRecords', { objectType: 'Contact', rowIds: [id] })).records[0]!;
    const res = await dave.call('UpdateRecord', {
      operationId: `mgr-${encoding}`,
      objectType: 'Contact',
      rowId: id,
      modNum: rec.modNum,
      fields: { JobTitle: `Reviewed ${encoding}` },
    });
    const seen = (await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [id] })).records[0]!;
    expect(seen.modNum).toBe(res.modNum);
    expect(seen.owner).toBe('alice');
    expect(seen.updatedBy).toBe('dave');
  });
});

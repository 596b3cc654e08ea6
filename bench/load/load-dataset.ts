import { dayString, type FieldValue } from '../../src/protocol/index.js';

/** The object types of the demo package, in the order a record's references need them. */
export const LOAD_OBJECT_TYPES = ['Account', 'Contact', 'Opportunity', 'Activity'] as const;
export type LoadObjectType = (typeof LOAD_OBJECT_TYPES)[number];

/** Users per team: one manager (team visibility) and reps (personal), as the demo's East team has. */
export const TEAM_SIZE = 10;

export interface LoadUser {
  readonly index: number;
  readonly userName: string;
  readonly userId: string;
  readonly teamId: string;
  readonly role: 'rep' | 'manager';
}

export interface LoadRecord {
  readonly rowId: string;
  readonly objectType: LoadObjectType;
  readonly owner: LoadUser;
  /** Epoch ms. */
  readonly lastUpd: number;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 730;
const INDUSTRIES = ['Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Energy', 'Technology', 'Logistics', 'Education'];
const STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'];
const ACTIVITY_TYPES = ['Call', 'Meeting', 'E-mail', 'Task'];
const CITIES = ['Boston', 'Denver', 'Austin', 'Seattle', 'Chicago', 'Atlanta', 'Phoenix', 'Portland'];

/**
 * A block of 20 records of one owner: 4 accounts, 7 contacts, 4 opportunities, 5
 * activities (the demo's mix, about). Every child refers to the first account (and the
 * first contact) of its own block, so references never leave the owner's records and a
 * rep with personal visibility holds everything its records point to.
 */
const BLOCK: readonly LoadObjectType[] = [
  ...Array<LoadObjectType>(4).fill('Account'),
  ...Array<LoadObjectType>(7).fill('Contact'),
  ...Array<LoadObjectType>(4).fill('Opportunity'),
  ...Array<LoadObjectType>(5).fill('Activity'),
];
const FIRST_CONTACT_IN_BLOCK = 4;

export function loadUser(index: number): LoadUser {
  const number = String(index + 1).padStart(4, '0');
  const team = Math.floor(index / TEAM_SIZE);
  return {
    index,
    userName: `load${number}`,
    userId: `U-LOAD${number}`,
    teamId: `T-LOAD${String(team + 1).padStart(3, '0')}`,
    role: index % TEAM_SIZE === 0 ? 'manager' : 'rep',
  };
}

/** The row id of the record at global position `i`: sequential, so owners interleave over the whole row-id space. */
export function loadRowId(i: number): string {
  return `1-LD${i.toString(36).toUpperCase().padStart(7, '0')}`;
}

/** A multiplicative hash of i: a spread that needs no random generator state, so any record can be made on its own. */
function spread(i: number, salt: number): number {
  return Math.imul(i ^ salt, 2_654_435_761) >>> 0;
}

/**
 * The record at global position `i` of a data set with `users` owners: a pure function
 * of (i, users, todayMs), so the seed streams records in chunks and holds none of them.
 * Record i belongs to user i mod users and is that user's record ⌊i / users⌋.
 */
export function loadRecord(i: number, users: number, todayMs: number): LoadRecord {
  const owner = loadUser(i % users);
  const nth = Math.floor(i / users);
  const objectType = BLOCK[nth % BLOCK.length] as LoadObjectType;
  const blockStart = nth - (nth % BLOCK.length);
  const accountRowId = loadRowId(blockStart * users + owner.index);
  const contactRowId = loadRowId((blockStart + FIRST_CONTACT_IN_BLOCK) * users + owner.index);
  const h = spread(i, 0x5bd1e995);
  const lastUpd = todayMs - 1 - (h % (HISTORY_DAYS * DAY_MS));
  const tag = i.toString(36).toUpperCase();
  const fields = ((): Record<string, FieldValue> => {
    switch (objectType) {
      case 'Account':
        return {
          Name: `Load Account ${tag}`,
          Location: CITIES[h % CITIES.length] as string,
          Industry: INDUSTRIES[(h >>> 8) % INDUSTRIES.length] as string,
          Phone: `+1 555 ${String(h % 10_000_000).padStart(7, '0')}`,
          Employees: 10 + (h % 5_000),
          Status: (h >>> 4) % 5 === 0 ? 'Prospect' : 'Active',
        };
      case 'Contact':
        return {
          FirstName: `Pat${tag}`,
          LastName: `Loadson ${tag}`,
          Email: `pat.${tag.toLowerCase()}@load.example`,
          Phone: `+1 555 ${String((h >>> 3) % 10_000_000).padStart(7, '0')}`,
          JobTitle: 'Buyer',
          AccountId: accountRowId,
        };
      case 'Opportunity': {
        const stage = STAGES[h % STAGES.length] as string;
        return {
          Name: `Load Deal ${tag}`,
          AccountId: accountRowId,
          Stage: stage,
          Revenue: 1_000 + (h % 500_000),
          CloseDate: dayString(todayMs + (((h >>> 5) % 240) - 120) * DAY_MS),
          Probability: stage === 'Closed Won' ? 100 : stage === 'Closed Lost' ? 0 : 10 * (1 + (h % 8)),
        };
      }
      case 'Activity': {
        // Over the last 180 days and the next 30: "Activities of the last 90 days" selects about 40% of them.
        const startMs = todayMs + (((h >>> 7) % 210) - 180) * DAY_MS;
        return {
          Type: ACTIVITY_TYPES[h % ACTIVITY_TYPES.length] as string,
          Subject: `Load follow-up ${tag}`,
          Start: new Date(startMs).toISOString(),
          // 5% cancelled: the package's master filter keeps them off every device.
          Status: h % 20 === 0 ? 'Cancelled' : startMs > todayMs ? 'Planned' : 'Done',
          ContactId: contactRowId,
          AccountId: accountRowId,
        };
      }
    }
  })();
  return { rowId: loadRowId(i), objectType, owner, lastUpd, fields };
}

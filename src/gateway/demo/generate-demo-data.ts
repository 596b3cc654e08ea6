import { dayString } from '../../protocol/index.js';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES, INDUSTRIES, OPPORTUNITY_STAGES } from '../catalog/demo-catalog.js';
import {
  ACTIVITY_SUBJECT_PATTERNS,
  CITIES,
  COMPANY_SECTOR_WORDS,
  COMPANY_STEMS,
  COUNTRY_PROFILES,
  DESCRIPTION_SENTENCES,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  OPPORTUNITY_NAME_PATTERNS,
  PRODUCTS,
  type CountryProfile,
} from './demo-names.js';
import { createRandom, type SeededRandom } from './seeded-random.js';

export interface DemoUser {
  userName: string;
  displayName: string;
  team: 'East' | 'West' | null;
  role: 'rep' | 'manager' | 'admin';
}

export interface DemoRecord {
  objectType: 'Account' | 'Contact' | 'Opportunity' | 'Activity';
  rowId: string;
  /** A DemoUser.userName; children always share the owner of their account. */
  owner: string;
  /** Epoch milliseconds. */
  lastUpd: number;
  fields: Record<string, string | number | boolean | null>;
}

export interface DemoDataset {
  users: DemoUser[];
  records: DemoRecord[];
}

export interface DemoDataOptions {
  /** Same seed, records and today give byte-identical output. */
  seed: number;
  /** Total number of records over all object types. */
  records: number;
  /** 'YYYY-MM-DD' (UTC); dates are placed relative to it so date filters select a sensible share. */
  today: string;
}

/** docs/architecture.md, Demo data: the users of the embedded default installation. */
export const DEMO_USERS: readonly DemoUser[] = [
  { userName: 'alice', displayName: 'Alice Bennett', team: 'East', role: 'rep' },
  { userName: 'bob', displayName: 'Bob Fischer', team: 'East', role: 'rep' },
  { userName: 'carol', displayName: 'Carol Nguyen', team: 'West', role: 'rep' },
  { userName: 'dave', displayName: 'Dave Okafor', team: 'East', role: 'manager' },
  { userName: 'admin', displayName: 'Administrator', team: null, role: 'admin' },
];

type Weighted<T> = readonly (readonly [T, number])[];
type ActivityType = (typeof ACTIVITY_TYPES)[number];
type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
type Stage = (typeof OPPORTUNITY_STAGES)[number];

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** lastUpd goes back at most this far. */
const HISTORY_MS = 730 * DAY_MS;

// Admin owns nothing: it sees everything anyway, and records owned by it would be
// invisible to every personal view.
const ACCOUNT_OWNERS: Weighted<string> = [
  ['alice', 36],
  ['bob', 34],
  ['carol', 22],
  ['dave', 8],
];
const ACCOUNT_STATUSES: Weighted<string> = [
  ['Active', 60],
  ['Prospect', 28],
  ['Inactive', 12],
];
const ACTIVITY_TYPE_WEIGHTS: Weighted<ActivityType> = [
  ['Call', 35],
  ['Meeting', 20],
  ['E-mail', 33],
  ['Task', 12],
];
const PAST_STATUSES: Weighted<ActivityStatus> = [
  ['Done', 85],
  ['Cancelled', 7],
  ['Planned', 8],
];
const FUTURE_STATUSES: Weighted<ActivityStatus> = [
  ['Planned', 94],
  ['Cancelled', 6],
];
const STAGE_WEIGHTS: Weighted<Stage> = [
  ['Prospecting', 16],
  ['Qualification', 16],
  ['Proposal', 14],
  ['Negotiation', 10],
  ['Closed Won', 24],
  ['Closed Lost', 20],
];
const STAGE_PROBABILITIES: Readonly<Record<Stage, readonly number[]>> = {
  Prospecting: [10],
  Qualification: [20, 25],
  Proposal: [40, 50],
  Negotiation: [60, 70, 80],
  'Closed Won': [100],
  'Closed Lost': [0],
};
const FALLBACK_PROFILE: CountryProfile = { tld: 'com', callingCode: '1', companySuffixes: ['Ltd'] };
const SUBJECT_MAX_LENGTH = 200;
const LONG_DESCRIPTION_MIN = 4_200;
const LONG_DESCRIPTION_MAX = 12_000;

/** Letters that Unicode does not decompose into a base letter and a diacritic. */
const LETTERS_WITHOUT_DECOMPOSITION: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

// Pools are deduplicated by e-mail slug once, so that distinct pool indices always
// give distinct names and distinct addresses: the uniqueness of the user keys rests
// on this. Stems must also be single words (see demo-names.ts).
const FIRST_POOL = uniqueBySlug(FIRST_NAMES);
const LAST_POOL = uniqueBySlug(LAST_NAMES);
const STEM_POOL = uniqueBySlug(COMPANY_STEMS.filter((stem) => !/\s/.test(stem)));
const SECTOR_POOL = uniqueBySlug(COMPANY_SECTOR_WORDS);
// Slugging (Unicode normalization) per contact was a visible share of a 100k run.
const POOL_SLUGS = new Map([...FIRST_POOL, ...LAST_POOL, ...STEM_POOL, ...SECTOR_POOL].map((word) => [word, slug(word)]));
const OPPORTUNITY_NAMES = opportunityNameSpace();
const SUBJECT_TEMPLATES: Readonly<Record<ActivityType, readonly Template[]>> = {
  Call: ACTIVITY_SUBJECT_PATTERNS.Call.map(compileTemplate),
  Meeting: ACTIVITY_SUBJECT_PATTERNS.Meeting.map(compileTemplate),
  'E-mail': ACTIVITY_SUBJECT_PATTERNS['E-mail'].map(compileTemplate),
  Task: ACTIVITY_SUBJECT_PATTERNS.Task.map(compileTemplate),
};
const SENTENCE_TEMPLATES = DESCRIPTION_SENTENCES.map(compileTemplate);

interface AccountDraft {
  readonly rowId: string;
  readonly owner: string;
  readonly name: string;
  readonly city: string;
  readonly domain: string;
  readonly callingCode: string;
  /** Contacts of an account are generated contiguously: [firstContact, firstContact + contactCount). */
  firstContact: number;
  contactCount: number;
  opportunities: number[];
}

interface ContactDraft {
  readonly rowId: string;
  readonly account: number;
  readonly firstName: string;
  readonly lastName: string;
}

interface OpportunityDraft {
  readonly rowId: string;
  readonly product: string;
}

interface Context {
  readonly rng: SeededRandom;
  readonly todayMs: number;
  readonly nextRowId: () => string;
  readonly records: DemoRecord[];
}

/**
 * The demo dataset: a pure function of its options (no clock, no Math.random), so a
 * fresh installation, a test and a benchmark all see the same records. All user keys
 * are unique by construction, whatever the size: combinations are enumerated through
 * a permutation, and numbered variants take over once a pool is exhausted.
 */
export function generateDemoData(options: DemoDataOptions): DemoDataset {
  if (!Number.isSafeInteger(options.records) || options.records < 0) {
    throw new RangeError(`records must be a non-negative integer, got ${options.records}`);
  }
  const rng = createRandom(options.seed);
  const context: Context = {
    rng,
    todayMs: parseToday(options.today),
    nextRowId: rowIdSequence(rng),
    records: [],
  };
  const counts = splitCounts(options.records);
  const accounts = generateAccounts(context, counts.accounts);
  const contacts = generateContacts(context, accounts, counts.contacts);
  const opportunities = generateOpportunities(context, accounts, contacts, counts.opportunities);
  generateActivities(context, accounts, contacts, opportunities, counts.activities);
  return { users: DEMO_USERS.map((user) => ({ ...user })), records: context.records };
}

function splitCounts(total: number): { accounts: number; contacts: number; opportunities: number; activities: number } {
  // Every other object hangs off an account, so even a tiny dataset has one.
  const accounts = total === 0 ? 0 : Math.max(1, Math.round(total * 0.15));
  const contacts = Math.min(total - accounts, Math.round(total * 0.35));
  const opportunities = Math.min(total - accounts - contacts, Math.round(total * 0.2));
  return { accounts, contacts, opportunities, activities: total - accounts - contacts - opportunities };
}

function generateAccounts(context: Context, count: number): AccountDraft[] {
  const { rng } = context;
  const stems = shuffled(rng, STEM_POOL);
  const sectors = ['', ...shuffled(rng, SECTOR_POOL)];
  const cities = shuffled(rng, CITIES);
  // (stem, sector, city) is unique for each index below `space`. The legal suffix
  // depends only on the stem and the country, so for a given city two accounts
  // differ in their stem (the first word) or their sector word.
  const space = stems.length * sectors.length * cities.length;
  const permute = affinePermutation(rng, space);
  const accounts: AccountDraft[] = [];
  for (let index = 0; index < count; index++) {
    const combination = permute(index % space);
    const round = Math.floor(index / space);
    const location = at(cities, combination % cities.length);
    const rest = Math.floor(combination / cities.length);
    const sector = at(sectors, rest % sectors.length);
    const stemIndex = Math.floor(rest / sectors.length);
    const stem = at(stems, stemIndex);
    const [city = location, country = ''] = location.split(', ');
    const profile = COUNTRY_PROFILES[country] ?? FALLBACK_PROFILE;
    const suffix = profile.companySuffixes[stemIndex % profile.companySuffixes.length] ?? 'Ltd';
    const baseName = sector === '' ? `${stem} ${suffix}` : `${stem} ${sector} ${suffix}`;
    const account: AccountDraft = {
      rowId: context.nextRowId(),
      owner: weighted(rng, ACCOUNT_OWNERS),
      name: round === 0 ? baseName : `${baseName} ${round + 1}`,
      city,
      domain: `${poolSlug(stem)}${sector === '' ? '' : `-${poolSlug(sector)}`}.${profile.tld}`,
      callingCode: profile.callingCode,
      firstContact: 0,
      contactCount: 0,
      opportunities: [],
    };
    accounts.push(account);
    context.records.push({
      objectType: 'Account',
      rowId: account.rowId,
      owner: account.owner,
      lastUpd: pastInstant(context, context.todayMs - HISTORY_MS),
      fields: {
        Name: account.name,
        Location: location,
        Industry: rng.pick(INDUSTRIES),
        Phone: rng.chance(0.95) ? phoneNumber(rng, account.callingCode) : null,
        Employees: employeeCount(rng),
        Status: weighted(rng, ACCOUNT_STATUSES),
      },
    });
  }
  return accounts;
}

function generateContacts(context: Context, accounts: AccountDraft[], count: number): ContactDraft[] {
  const { rng } = context;
  const perAccount = new Array<number>(accounts.length).fill(0);
  for (let index = 0; index < count; index++) {
    // One contact per account first, then the rest spread with a few key accounts.
    const accountIndex = index < accounts.length ? index : skewedIndex(rng, accounts.length);
    perAccount[accountIndex] = (perAccount[accountIndex] ?? 0) + 1;
  }
  const firstNames = shuffled(rng, FIRST_POOL);
  const lastNames = shuffled(rng, LAST_POOL);
  const space = firstNames.length * lastNames.length;
  const permute = affinePermutation(rng, space);
  const contacts: ContactDraft[] = [];
  accounts.forEach((account, accountIndex) => {
    account.firstContact = contacts.length;
    account.contactCount = perAccount[accountIndex] ?? 0;
    for (let n = 0; n < account.contactCount; n++) {
      const index = contacts.length;
      const combination = permute(index % space);
      // Past the pool's capacity, middle initials (A., B., …, AA., …) keep the
      // (FirstName, LastName) pairs and the e-mail local parts apart.
      const initials = bijectiveBase26(Math.floor(index / space));
      const first = at(firstNames, combination % firstNames.length);
      const last = at(lastNames, Math.floor(combination / firstNames.length));
      const firstName = initials === '' ? first : `${first} ${initials}.`;
      const localPart = [poolSlug(first), initials.toLowerCase(), poolSlug(last)].filter((part) => part !== '').join('.');
      const contact: ContactDraft = { rowId: context.nextRowId(), account: accountIndex, firstName, lastName: last };
      contacts.push(contact);
      context.records.push({
        objectType: 'Contact',
        rowId: contact.rowId,
        owner: account.owner,
        lastUpd: pastInstant(context, context.todayMs - HISTORY_MS),
        fields: {
          FirstName: firstName,
          LastName: last,
          Email: `${localPart}@${account.domain}`,
          Phone: rng.chance(0.8) ? phoneNumber(rng, account.callingCode) : null,
          JobTitle: rng.chance(0.9) ? rng.pick(JOB_TITLES) : null,
          AccountId: account.rowId,
        },
      });
    }
  });
  return contacts;
}

function generateOpportunities(context: Context, accounts: AccountDraft[], contacts: ContactDraft[], count: number): OpportunityDraft[] {
  const { rng, todayMs } = context;
  const names = shuffled(rng, OPPORTUNITY_NAMES);
  // Each account walks the name space from its own start with a step coprime to
  // its size, so its first names.length opportunities have distinct names; later
  // ones get "(2)", "(3)", … appended.
  const step = coprimeStep(rng, names.length);
  const nameStart = new Map<number, number>();
  const opportunities: OpportunityDraft[] = [];
  for (let index = 0; index < count; index++) {
    const accountIndex = skewedIndex(rng, accounts.length);
    const account = at(accounts, accountIndex);
    let start = nameStart.get(accountIndex);
    if (start === undefined) {
      start = rng.int(0, names.length - 1);
      nameStart.set(accountIndex, start);
    }
    const ordinal = account.opportunities.length;
    const named = at(names, (start + (ordinal % names.length) * step) % names.length);
    const round = Math.floor(ordinal / names.length);
    const opportunity: OpportunityDraft = { rowId: context.nextRowId(), product: named.product };
    account.opportunities.push(opportunities.length);
    opportunities.push(opportunity);

    const stage = weighted(rng, STAGE_WEIGHTS);
    const closed = stage === 'Closed Won' || stage === 'Closed Lost';
    const closeDay = closed ? -rng.int(1, 365) : openCloseDay(rng);
    const closeMs = todayMs + closeDay * DAY_MS;
    context.records.push({
      objectType: 'Opportunity',
      rowId: opportunity.rowId,
      owner: account.owner,
      // A closed deal was last touched when (or after) it closed.
      lastUpd: pastInstant(context, closed ? closeMs : todayMs - HISTORY_MS),
      fields: {
        Name: round === 0 ? named.name : `${named.name} (${round + 1})`,
        AccountId: account.rowId,
        Stage: stage,
        Revenue: revenue(rng),
        CloseDate: dayString(closeMs),
        Probability: rng.pick(STAGE_PROBABILITIES[stage]),
        PrimaryContactId:
          account.contactCount > 0 && rng.chance(0.85)
            ? at(contacts, account.firstContact + rng.int(0, account.contactCount - 1)).rowId
            : null,
      },
    });
  }
  return opportunities;
}

function generateActivities(
  context: Context,
  accounts: AccountDraft[],
  contacts: ContactDraft[],
  opportunities: OpportunityDraft[],
  count: number,
): void {
  const { rng, todayMs } = context;
  for (let index = 0; index < count; index++) {
    const contact = contacts.length > 0 ? at(contacts, rng.int(0, contacts.length - 1)) : undefined;
    const account = at(accounts, contact?.account ?? rng.int(0, accounts.length - 1));
    const opportunity =
      account.opportunities.length > 0 && rng.chance(0.4) ? at(opportunities, rng.pick(account.opportunities)) : undefined;
    const type = weighted(rng, ACTIVITY_TYPE_WEIGHTS);
    const startMs = todayMs + activityDay(rng) * DAY_MS + (7 * 60 + 15 * rng.int(0, 43)) * MINUTE_MS;
    const past = startMs < todayMs;
    const words: TemplateWords = {
      first: contact?.firstName ?? 'the team',
      last: contact?.lastName ?? '',
      account: account.name,
      city: account.city,
      product: opportunity?.product ?? rng.pick(PRODUCTS),
    };
    context.records.push({
      objectType: 'Activity',
      rowId: context.nextRowId(),
      owner: account.owner,
      lastUpd: past ? pastInstant(context, Math.max(startMs, todayMs - HISTORY_MS)) : pastInstant(context, todayMs - 60 * DAY_MS),
      fields: {
        Type: type,
        Subject: fillTemplate(rng.pick(SUBJECT_TEMPLATES[type]), words).slice(0, SUBJECT_MAX_LENGTH),
        Start: new Date(startMs).toISOString(),
        Status: weighted(rng, past ? PAST_STATUSES : FUTURE_STATUSES),
        ContactId: contact?.rowId ?? null,
        AccountId: account.rowId,
        OpportunityId: opportunity?.rowId ?? null,
        Description: description(rng, words),
      },
    });
  }
}

/** Day offset of an open opportunity's close date: mostly ahead, a share overdue. */
function openCloseDay(rng: SeededRandom): number {
  const draw = rng.next();
  if (draw < 0.12) return -rng.int(1, 45);
  if (draw < 0.4) return rng.int(0, 30);
  return rng.int(31, 180);
}

/** Day offset of an activity's start, −365…+60, weighted towards the recent past as in a live CRM. */
function activityDay(rng: SeededRandom): number {
  const draw = rng.next();
  if (draw < 0.35) return -rng.int(1, 90);
  if (draw < 0.5) return rng.int(0, 60);
  return -rng.int(91, 365);
}

function revenue(rng: SeededRandom): number {
  // Log-uniform 5,000…500,000: many small deals, a few large ones.
  const raw = 10 ** (3.7 + 2 * rng.next());
  return Math.max(500, Math.round(raw / 500) * 500);
}

function employeeCount(rng: SeededRandom): number {
  // Log-uniform 10…50,000, rounded to two significant digits like a reported figure.
  const raw = 10 ** (1 + 3.7 * rng.next());
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
  return Math.round(raw / unit) * unit;
}

function phoneNumber(rng: SeededRandom, callingCode: string): string {
  return `+${callingCode} ${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
}

interface TemplateWords {
  readonly first: string;
  readonly last: string;
  readonly account: string;
  readonly city: string;
  readonly product: string;
}

/**
 * A pattern split at its placeholders: literals at even indices, word keys at odd
 * ones. Compiled once, because long descriptions fill hundreds of thousands of
 * sentences at benchmark sizes and a regex replace per sentence dominated the run.
 */
type Template = readonly string[];

function compileTemplate(pattern: string): Template {
  return pattern.split(/\{(first|last|account|city|product)\}/);
}

function fillTemplate(template: Template, words: TemplateWords): string {
  let text = '';
  let missingWord = false;
  for (let index = 0; index < template.length; index++) {
    const part = template[index] ?? '';
    if (index % 2 === 0) {
      text += part;
    } else {
      const word = words[part as keyof TemplateWords];
      missingWord ||= word === '';
      text += word;
    }
  }
  return missingWord ? text.replace(/\s+/g, ' ').trim() : text;
}

/**
 * Usually a sentence or two; one in twenty is a long report over 4,000 characters,
 * which the package treats as bulk data (not part of a device extract).
 */
function description(rng: SeededRandom, words: TemplateWords): string | null {
  const draw = rng.next();
  if (draw < 0.25) return null;
  if (draw >= 0.3) {
    const sentences = rng.int(1, 2);
    const parts: string[] = [];
    for (let n = 0; n < sentences; n++) parts.push(fillTemplate(rng.pick(SENTENCE_TEMPLATES), words));
    return parts.join(' ');
  }
  const target = rng.int(LONG_DESCRIPTION_MIN, LONG_DESCRIPTION_MAX);
  const paragraphs: string[] = [`Visit report: ${words.account}, ${words.city}`];
  let length = paragraphs[0]?.length ?? 0;
  while (length < target) {
    const sentences: string[] = [];
    const size = rng.int(4, 8);
    for (let n = 0; n < size; n++) sentences.push(fillTemplate(rng.pick(SENTENCE_TEMPLATES), words));
    const paragraph = sentences.join(' ');
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}

/** Names for opportunities, deduplicated so each index of the space is a distinct name. */
function opportunityNameSpace(): readonly { name: string; product: string }[] {
  const seen = new Set<string>();
  const space: { name: string; product: string }[] = [];
  for (const pattern of OPPORTUNITY_NAME_PATTERNS) {
    for (const product of PRODUCTS) {
      const name = pattern.replace('{product}', product);
      if (seen.has(name)) continue;
      seen.add(name);
      space.push({ name, product });
    }
  }
  return space;
}

/**
 * Siebel-style row ids ('1-' and upper-case base 36). They only ever increase,
 * which makes them unique without bookkeeping, as a server-side counter would.
 */
function rowIdSequence(rng: SeededRandom): () => string {
  let value = rng.int(36 ** 5, 36 ** 6 - 1);
  return () => {
    value += rng.int(1, 9);
    return `1-${value.toString(36).toUpperCase()}`;
  };
}

/** A random instant in [from, today), never older than the two-year history. */
function pastInstant(context: Context, from: number): number {
  const earliest = Math.max(Math.floor(from), context.todayMs - HISTORY_MS);
  return context.rng.int(Math.min(earliest, context.todayMs - MINUTE_MS), context.todayMs - 1);
}

function parseToday(today: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(today) ? Date.parse(`${today}T00:00:00.000Z`) : Number.NaN;
  // The round trip rejects dates such as 2025-02-30 that Date.parse would roll over.
  if (Number.isNaN(ms) || dayString(ms) !== today) throw new RangeError(`today must be a valid YYYY-MM-DD date, got ${today}`);
  return ms;
}

/**
 * A bijection on [0, size): index ↦ (multiplier · index + offset) mod size with the
 * multiplier coprime to size. Enough scrambling for names, and distinctness is
 * guaranteed rather than likely.
 */
function affinePermutation(rng: SeededRandom, size: number): (index: number) => number {
  if (size <= 1) return () => 0;
  const multiplier = coprimeStep(rng, size);
  const offset = rng.int(0, size - 1);
  return (index) => (multiplier * index + offset) % size;
}

function coprimeStep(rng: SeededRandom, size: number): number {
  if (size <= 1) return 1;
  let step = rng.int(1, size - 1);
  while (greatestCommonDivisor(step, size) !== 1) step = (step % (size - 1)) + 1;
  return step;
}

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** 0 → '', 1 → 'A', 26 → 'Z', 27 → 'AA': distinct strings for distinct numbers. */
function bijectiveBase26(value: number): string {
  let rest = value;
  let letters = '';
  while (rest > 0) {
    rest -= 1;
    letters = String.fromCharCode(65 + (rest % 26)) + letters;
    rest = Math.floor(rest / 26);
  }
  return letters;
}

/** Mostly uniform, with a share drawn towards the low indices: a few accounts get many children. */
function skewedIndex(rng: SeededRandom, size: number): number {
  if (rng.chance(0.3)) return Math.floor(rng.next() ** 2 * size);
  return rng.int(0, size - 1);
}

function weighted<T>(rng: SeededRandom, table: Weighted<T>): T {
  let total = 0;
  for (const [, weight] of table) total += weight;
  let draw = rng.next() * total;
  for (const [value, weight] of table) {
    draw -= weight;
    if (draw < 0) return value;
  }
  const last = table[table.length - 1];
  if (last === undefined) throw new RangeError('cannot pick from an empty table');
  return last[0];
}

function shuffled<T>(rng: SeededRandom, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = rng.int(0, index);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** Element access for indices that are in range by construction. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`index ${index} out of range 0..${items.length - 1}`);
  return item;
}

/** Lower-case ASCII letters and digits only: the form names take in e-mail addresses and domains. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łøßæœđðþı]/g, (letter) => LETTERS_WITHOUT_DECOMPOSITION[letter] ?? '')
    .replace(/[^a-z0-9]/g, '');
}

function poolSlug(word: string): string {
  return POOL_SLUGS.get(word) ?? slug(word);
}

function uniqueBySlug(items: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = slug(item);
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

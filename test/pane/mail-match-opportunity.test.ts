import { matchOpportunity, subjectTopic, subjectWords } from '../../src/taskpane/mail/match-opportunity.js';

describe('subjectTopic', () => {
  test.each([
    ['Re: Payroll pilot — next steps', 'Payroll pilot — next steps'],
    ['RE: Fwd: FW:  Payroll   pilot', 'Payroll pilot'],
    ['AW: WG: [External] Angebot', 'Angebot'],
    ['Re[2]: Quote', 'Quote'],
    ['Request for a product demo', 'Request for a product demo'],
    ['Re:', ''],
  ])('%j → %j', (subject, expected) => {
    expect(subjectTopic(subject)).toBe(expected);
  });
});

describe('subjectWords', () => {
  test.each<[string, string[]]>([
    ['Re: Payroll pilot — next steps', ['payroll', 'pilot']],
    ['Fwd: The CRÈME brûlée rollout', ['creme', 'brulee', 'rollout']],
    ['Phase 2 for the new site', ['phase', '2', 'new', 'site']],
  ])('%j', (text, words) => {
    expect([...subjectWords(text)]).toEqual(words);
  });
});

describe('matchOpportunity', () => {
  const opportunities = ['Payroll pilot', 'Payroll renewal', 'Scheduling rollout', 'Scheduling phase 2', 'Analytics'];
  test.each<[string, string, string | null]>([
    ['the sample inbox’s subject', 'Re: Payroll pilot — next steps', 'Payroll pilot'],
    ['case and prefixes ignored', 'FWD: RE: payroll PILOT', 'Payroll pilot'],
    ['all words of the shorter name beat half of a longer one', 'Analytics and payroll', 'Analytics'],
    ['more shared words break a tie of shares', 'Scheduling rollout, phase 2', 'Scheduling phase 2'],
    ['equally likely: no suggestion', 'Payroll', null],
    ['less than half of any name: no suggestion', 'Lunch on Friday?', null],
    ['stop words alone match nothing', 'Re: next steps', null],
    ['an empty subject', '', null],
  ])('%s', (_name, subject, expected) => {
    expect(matchOpportunity(subject, opportunities, (name) => name)).toBe(expected);
  });
});

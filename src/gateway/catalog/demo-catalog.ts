import type { ObjectCatalog } from '../../metadata/index.js';

export const INDUSTRIES = [
  'Manufacturing',
  'Retail',
  'Healthcare',
  'Finance',
  'Energy',
  'Technology',
  'Logistics',
  'Education',
  'Hospitality',
  'Public Sector',
] as const;
export const OPPORTUNITY_STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'] as const;
export const ACTIVITY_TYPES = ['Call', 'Meeting', 'E-mail', 'Task'] as const;
export const ACTIVITY_STATUSES = ['Planned', 'Done', 'Cancelled'] as const;

/**
 * The objects of the demo installation (docs/architecture.md, Demo data). Website on
 * Account and the Lead object exist on the server so that a package version can
 * add them (a structure change) without a server change.
 */
export const DEMO_CATALOG: ObjectCatalog = {
  objects: [
    {
      name: 'Account',
      titleField: 'Name',
      userKeys: [['Name', 'Location']],
      fields: [
        { name: 'Name', type: 'text', required: true, maxLength: 100 },
        { name: 'Location', type: 'text', required: true, maxLength: 100 },
        { name: 'Industry', type: 'picklist', values: INDUSTRIES, maxLength: 50 },
        { name: 'Phone', type: 'text', maxLength: 40 },
        { name: 'Website', type: 'text', maxLength: 200 },
        { name: 'Employees', type: 'number' },
        { name: 'Status', type: 'picklist', values: ['Active', 'Prospect', 'Inactive'], maxLength: 20 },
      ],
    },
    {
      name: 'Contact',
      titleField: 'LastName',
      userKeys: [['FirstName', 'LastName'], ['Email']],
      fields: [
        { name: 'FirstName', type: 'text', required: true, maxLength: 50 },
        { name: 'LastName', type: 'text', required: true, maxLength: 50 },
        { name: 'Email', type: 'text', maxLength: 120 },
        { name: 'Phone', type: 'text', maxLength: 40 },
        { name: 'JobTitle', type: 'text', maxLength: 80 },
        { name: 'AccountId', type: 'reference', references: 'Account' },
      ],
    },
    {
      name: 'Opportunity',
      titleField: 'Name',
      userKeys: [['Name', 'AccountId']],
      fields: [
        { name: 'Name', type: 'text', required: true, maxLength: 120 },
        { name: 'AccountId', type: 'reference', references: 'Account', required: true },
        { name: 'Stage', type: 'picklist', values: OPPORTUNITY_STAGES, required: true, maxLength: 30 },
        { name: 'Revenue', type: 'number' },
        { name: 'CloseDate', type: 'date' },
        { name: 'Probability', type: 'number' },
        { name: 'PrimaryContactId', type: 'reference', references: 'Contact' },
      ],
    },
    {
      name: 'Activity',
      titleField: 'Subject',
      userKeys: [],
      fields: [
        { name: 'Type', type: 'picklist', values: ACTIVITY_TYPES, required: true, maxLength: 20 },
        { name: 'Subject', type: 'text', required: true, maxLength: 200 },
        { name: 'Start', type: 'datetime', required: true },
        { name: 'Status', type: 'picklist', values: ACTIVITY_STATUSES, maxLength: 20 },
        { name: 'ContactId', type: 'reference', references: 'Contact' },
        { name: 'AccountId', type: 'reference', references: 'Account' },
        { name: 'OpportunityId', type: 'reference', references: 'Opportunity' },
        { name: 'Description', type: 'text', maxLength: 100_000, bulk: true },
      ],
    },
    {
      name: 'Lead',
      titleField: 'LastName',
      userKeys: [['Email']],
      fields: [
        { name: 'FirstName', type: 'text', maxLength: 50 },
        { name: 'LastName', type: 'text', required: true, maxLength: 50 },
        { name: 'Company', type: 'text', maxLength: 100 },
        { name: 'Email', type: 'text', maxLength: 120 },
        { name: 'Source', type: 'picklist', values: ['Web', 'Event', 'Referral', 'Campaign'], maxLength: 20 },
      ],
    },
  ],
};

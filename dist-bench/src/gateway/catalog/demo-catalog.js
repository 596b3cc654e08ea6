"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEMO_CATALOG = exports.ACTIVITY_STATUSES = exports.ACTIVITY_TYPES = exports.OPPORTUNITY_STAGES = exports.INDUSTRIES = void 0;
exports.INDUSTRIES = ['Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Energy', 'Technology', 'Logistics', 'Education', 'Hospitality', 'Public Sector'];
exports.OPPORTUNITY_STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'];
exports.ACTIVITY_TYPES = ['Call', 'Meeting', 'E-mail', 'Task'];
exports.ACTIVITY_STATUSES = ['Planned', 'Done', 'Cancelled'];
/**
 * The objects of the demo installation (DESIGN.md, "Demo data"). Website on
 * Account and the Lead object exist on the server so that a package version can
 * add them (a structure change) without a server change.
 */
exports.DEMO_CATALOG = {
    objects: [
        {
            name: 'Account',
            titleField: 'Name',
            userKeys: [['Name', 'Location']],
            fields: [
                { name: 'Name', type: 'text', required: true, maxLength: 100 },
                { name: 'Location', type: 'text', required: true, maxLength: 100 },
                { name: 'Industry', type: 'picklist', values: exports.INDUSTRIES, maxLength: 50 },
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
                { name: 'Stage', type: 'picklist', values: exports.OPPORTUNITY_STAGES, required: true, maxLength: 30 },
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
                { name: 'Type', type: 'picklist', values: exports.ACTIVITY_TYPES, required: true, maxLength: 20 },
                { name: 'Subject', type: 'text', required: true, maxLength: 200 },
                { name: 'Start', type: 'datetime', required: true },
                { name: 'Status', type: 'picklist', values: exports.ACTIVITY_STATUSES, maxLength: 20 },
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
//# sourceMappingURL=demo-catalog.js.map
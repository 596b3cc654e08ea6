import { resolve } from 'node:path';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import { parsePackage, type CustomizationPackage, type ObjectDefinition } from '../../src/metadata/index.js';

export type DemoVersion = 'demo-v1' | 'demo-v2';

const parsed = new Map<DemoVersion, CustomizationPackage>();

/** The demo customization package from packages/, parsed (once per test file). */
export function demoPackage(version: DemoVersion = 'demo-v1'): CustomizationPackage {
  const known = parsed.get(version);
  if (known) return known;
  const result = parsePackage(loadPackageDir(resolve(__dirname, '../../packages', version)));
  if (!result.ok) throw new Error(`${version} does not parse`);
  parsed.set(version, result.package);
  return result.package;
}

/** One object of the demo package (Account, Contact, Opportunity, Activity; Lead in demo-v2). */
export function demoObject(name: string, version: DemoVersion = 'demo-v1'): ObjectDefinition {
  const object = demoPackage(version).objects.find((o) => o.name === name);
  if (!object) throw new Error(`${version} has no object ${name}`);
  return object;
}

/**
 * Not the demo's Opportunity: a made-up one for form and list tests, with a
 * short Name (12) to reach the length limit, three stages, and a field of each
 * remaining kind (datetime, boolean, read-only, bulk).
 */
export const FORM_OPPORTUNITY: ObjectDefinition = {
  name: 'Opportunity',
  label: 'Opportunities',
  titleField: 'Name',
  userKeys: [],
  fields: [
    { name: 'Name', type: 'text', required: true, maxLength: 12, label: 'Name' },
    { name: 'AccountId', type: 'reference', references: 'Account', required: true, label: 'Account' },
    { name: 'Stage', type: 'picklist', required: true, maxLength: 30, values: ['Prospecting', 'Proposal', 'Closed Won'], label: 'Stage' },
    { name: 'Revenue', type: 'number', label: 'Revenue' },
    { name: 'CloseDate', type: 'date', label: 'Close date' },
    { name: 'Start', type: 'datetime', label: 'Start' },
    { name: 'Hot', type: 'boolean', label: 'Hot' },
    { name: 'Score', type: 'number', readOnly: true, label: 'Score' },
    { name: 'Notes', type: 'text', bulk: true, maxLength: 1000, label: 'Notes' },
  ],
};

import {
  decidePackageAction,
  type OfferedPackage,
  type PackageDecision,
  type PackageSummary,
} from '../../src/metadata/decide-package-action.js';

/** The reference's example: `<compatibility preferred_product="3.05.30.00"><products>3.05.15.00-3.05.30.99</products><schemas>3.04.00.00-3.05.30.99</schemas>`. */
const REFERENCE_COMPATIBILITY: OfferedPackage['compatibility'] = {
  preferredProduct: '3.05.30.00',
  products: '3.05.15.00-3.05.30.99',
  schemas: '3.04.00.00-3.05.30.99',
};
const PREFERRED = '3.05.30.00';
const COMPATIBLE_NOT_PREFERRED = '3.05.20.00';

/** The package this client runs with: version 3.05.00.00, inside the reference's schemas. */
const APPLIED: PackageSummary = { packageId: 'sales', version: '3.05.00.00', hash: 'h-applied', structureHash: 's-applied' };

/** An offered package: a new hash, the same structure as APPLIED unless overridden. */
const offer = (over: Partial<OfferedPackage> = {}): OfferedPackage => ({
  packageId: 'sales',
  version: '3.05.30.00',
  hash: 'h-offered',
  structureHash: APPLIED.structureHash,
  compatibility: REFERENCE_COMPATIBILITY,
  ...over,
});
const restructured = (over: Partial<OfferedPackage> = {}) => offer({ structureHash: 's-offered', ...over });
const applied = (over: Partial<PackageSummary> = {}): PackageSummary => ({ ...APPLIED, ...over });

// The words each message must carry; the full texts are checked once below.
const REINSTALL_PROMPT = [
  'A new configuration is available.',
  'Selecting Yes will remove your current data, re-install the data structure, and download the data again.',
];
const applyQuietly = (preferredProduct?: string): PackageDecision => ({
  action: 'applyQuietly',
  ...(preferredProduct === undefined ? {} : { preferredProduct }),
  message: expect.stringContaining('updated the Fieldbook configuration'),
});
const uploadThenReinstall = (preferredProduct?: string): PackageDecision => ({
  action: 'uploadThenReinstall',
  ...(preferredProduct === undefined ? {} : { preferredProduct }),
  message: expect.stringMatching(
    /^A new configuration is available\..*not sent yet will be uploaded first\..*re-install the data structure/,
  ),
});
const reinstallWithArchive = (preferredProduct?: string): PackageDecision => ({
  action: 'reinstallWithArchive',
  ...(preferredProduct === undefined ? {} : { preferredProduct }),
  message: expect.stringMatching(
    /^A new configuration is available\..*re-install the data structure.*archive that you can view and export/,
  ),
});
const install = (preferredProduct?: string): PackageDecision => ({
  action: 'install',
  ...(preferredProduct === undefined ? {} : { preferredProduct }),
});
const incompatible = (
  productVersion: string,
  supportedProducts = REFERENCE_COMPATIBILITY.products,
  preferredProduct = PREFERRED,
): PackageDecision => ({
  action: 'incompatibleProduct',
  productVersion,
  preferredProduct,
  supportedProducts,
  message: expect.stringContaining(`update Fieldbook to version ${preferredProduct}`),
});

type Row = [string, string, PackageSummary | null, OfferedPackage | null, PackageDecision];

const rows: Row[] = [
  // Incremental steps 4–5, 9–10: nothing new, nothing to download.
  ['gateway has nothing new (containsFiles=false)', PREFERRED, APPLIED, null, { action: 'unchanged' }],
  ['nothing new, even with nothing applied', PREFERRED, null, null, { action: 'unchanged' }],
  ['identical package (same hash)', PREFERRED, APPLIED, offer({ hash: APPLIED.hash }), { action: 'unchanged' }],
  [
    'identical hash but a different packageId: the same files',
    PREFERRED,
    APPLIED,
    offer({ hash: APPLIED.hash, packageId: 'service' }),
    { action: 'unchanged' },
  ],
  [
    'identical hash is checked before anything else: product incompatible, structure changed',
    '1.00.00.00',
    APPLIED,
    restructured({ hash: APPLIED.hash }),
    { action: 'unchanged' },
  ],

  // First run, or after a reinstall: nothing applied yet.
  ['nothing applied, preferred product', PREFERRED, null, offer(), install()],
  ['nothing applied, compatible but not preferred', COMPATIBLE_NOT_PREFERRED, null, offer(), install(PREFERRED)],
  ['nothing applied, product incompatible', '3.05.14.99', null, offer(), incompatible('3.05.14.99')],

  // Step 7 / "Handles Incompatible Customization Packages": product not in <products>.
  ['product one below <products>, fourth part', '3.05.14.99', APPLIED, restructured(), incompatible('3.05.14.99')],
  ['product one below <products>, third part', '3.05.14.00', APPLIED, restructured(), incompatible('3.05.14.00')],
  ['product one above <products>, third part', '3.05.31.00', APPLIED, restructured(), incompatible('3.05.31.00')],
  ['product one above <products>, fourth part', '3.05.30.100', APPLIED, restructured(), incompatible('3.05.30.100')],
  ['product a major version ahead', '4.00.00.00', APPLIED, restructured(), incompatible('4.00.00.00')],
  ["Fieldbook's own product version against the reference package", '1.00.00.00', APPLIED, offer(), incompatible('1.00.00.00')],
  ['product incompatible even though the structure is unchanged', '3.05.31.00', APPLIED, offer(), incompatible('3.05.31.00')],
  [
    'product incompatible and the schemas would not accept the applied package',
    '3.05.31.00',
    applied({ version: '3.03.00.00' }),
    restructured(),
    incompatible('3.05.31.00'),
  ],
  [
    'product between two items of <products>',
    '3.05.50.00',
    APPLIED,
    offer({ compatibility: { ...REFERENCE_COMPATIBILITY, products: '3.05.15.00-3.05.30.99;3.06.00.00' } }),
    incompatible('3.05.50.00', '3.05.15.00-3.05.30.99;3.06.00.00'),
  ],

  // Product at the very edges of <products>.
  ['product at the first of <products>', '3.05.15.00', APPLIED, offer(), applyQuietly(PREFERRED)],
  ['product at the last of <products>', '3.05.30.99', APPLIED, offer(), applyQuietly(PREFERRED)],
  [
    'product is the single second item of <products>',
    '3.06.00.00',
    APPLIED,
    offer({ compatibility: { ...REFERENCE_COMPATIBILITY, products: '3.05.15.00-3.05.30.99;3.06.00.00' } }),
    applyQuietly(PREFERRED),
  ],
  ['preferred product written without leading zeros', '3.5.30.0', APPLIED, offer(), applyQuietly()],

  // "The Customization Package Changed But the Data Structure Has Not Changed".
  ['security rule or preset changed, preferred product', PREFERRED, APPLIED, offer(), applyQuietly()],
  ['security rule or preset changed, compatible but not preferred', COMPATIBLE_NOT_PREFERRED, APPLIED, offer(), applyQuietly(PREFERRED)],
  [
    'structure unchanged but the schemas would not accept the applied package: still quiet',
    PREFERRED,
    applied({ version: '3.03.99.99' }),
    offer(),
    applyQuietly(),
  ],
  ['structure unchanged, another package id', PREFERRED, APPLIED, offer({ packageId: 'service' }), applyQuietly()],

  // "The Customization Package Changed" + schema compatible: upload first, then reinstall.
  ['structure changed, schemas accept the applied package, preferred product', PREFERRED, APPLIED, restructured(), uploadThenReinstall()],
  [
    'structure changed, schemas accept, compatible but not preferred',
    COMPATIBLE_NOT_PREFERRED,
    APPLIED,
    restructured(),
    uploadThenReinstall(PREFERRED),
  ],
  [
    'schemas accept the applied version at the first of <schemas>',
    PREFERRED,
    applied({ version: '3.04.00.00' }),
    restructured(),
    uploadThenReinstall(),
  ],
  [
    'schemas accept the applied version at the last of <schemas>',
    PREFERRED,
    applied({ version: '3.05.30.99' }),
    restructured(),
    uploadThenReinstall(),
  ],
  ['applied version written without leading zeros', PREFERRED, applied({ version: '3.4.0.0' }), restructured(), uploadThenReinstall()],

  // "The Customization Package Changed" + schema incompatible: archive, then reinstall.
  ['schemas: applied version one below the first', PREFERRED, applied({ version: '3.03.99.99' }), restructured(), reinstallWithArchive()],
  ['schemas: applied version one past the last', PREFERRED, applied({ version: '3.05.31.00' }), restructured(), reinstallWithArchive()],
  [
    'schemas: applied version one past the last, fourth part',
    PREFERRED,
    applied({ version: '3.05.30.100' }),
    restructured(),
    reinstallWithArchive(),
  ],
  [
    'new required field the old package never filled, compatible but not preferred',
    COMPATIBLE_NOT_PREFERRED,
    applied({ version: '3.03.00.00' }),
    restructured(),
    reinstallWithArchive(PREFERRED),
  ],
  [
    'schemas list only the new version',
    PREFERRED,
    APPLIED,
    restructured({ compatibility: { ...REFERENCE_COMPATIBILITY, schemas: '3.05.30.00' } }),
    reinstallWithArchive(),
  ],
];

describe('decidePackageAction', () => {
  test.each(rows)('%s', (_name, productVersion, appliedPackage, offered, expected) => {
    expect(decidePackageAction({ productVersion, applied: appliedPackage, offered })).toEqual(expected);
  });

  test('the reinstall prompts are the reference prompt plus what happens to unsent changes', () => {
    const upload = decidePackageAction({ productVersion: PREFERRED, applied: APPLIED, offered: restructured() });
    const archive = decidePackageAction({
      productVersion: PREFERRED,
      applied: applied({ version: '3.03.00.00' }),
      offered: restructured(),
    });
    for (const decision of [upload, archive]) {
      if (!('message' in decision)) throw new Error(`no message on ${decision.action}`);
      for (const words of REINSTALL_PROMPT) expect(decision.message).toContain(words);
      expect(decision.message).toContain('asked again at the next sync');
    }
    expect(upload).toEqual({
      action: 'uploadThenReinstall',
      message: expect.stringContaining('Changes you have not sent yet will be uploaded first.'),
    });
    expect(archive).toEqual({
      action: 'reinstallWithArchive',
      message: expect.stringContaining('they will be kept in an archive that you can view and export, so nothing is lost.'),
    });
    // The archive prompt must not promise an upload it will not do.
    expect(archive).not.toEqual(expect.objectContaining({ message: expect.stringContaining('uploaded first') }));
  });

  test('the quiet message tells the rep the update happened and their work is safe', () => {
    expect(decidePackageAction({ productVersion: PREFERRED, applied: APPLIED, offered: offer() })).toEqual({
      action: 'applyQuietly',
      message:
        'Your company has updated the Fieldbook configuration, and it has been applied. ' +
        'Your records and any changes you have not sent yet are not affected.',
    });
  });

  test('the incompatible-product message names this version, the supported ones and the preferred one', () => {
    const decision = decidePackageAction({
      productVersion: '1.00.00.00',
      applied: APPLIED,
      offered: offer({ compatibility: { ...REFERENCE_COMPATIBILITY, products: '3.05.15.00-3.05.30.99;3.06.00.00' } }),
    });
    expect(decision).toEqual({
      action: 'incompatibleProduct',
      productVersion: '1.00.00.00',
      preferredProduct: PREFERRED,
      supportedProducts: '3.05.15.00-3.05.30.99;3.06.00.00',
      message:
        "Your company's new Fieldbook configuration needs Fieldbook version 3.05.30.00, but this is version 1.00.00.00 " +
        '(the configuration works with versions 3.05.15.00 to 3.05.30.99 or 3.06.00.00). ' +
        'The configuration was not applied and nothing was changed. ' +
        'Please ask your administrator to update Fieldbook to version 3.05.30.00.',
    });
  });

  const malformed: [string, string, PackageSummary | null, OfferedPackage][] = [
    ['product version with three parts', '3.05.30', APPLIED, offer()],
    ['product version with letters', 'latest', APPLIED, offer()],
    ['offered version with five parts', PREFERRED, APPLIED, offer({ version: '3.05.30.00.00' })],
    ['applied version with a part over 9999', PREFERRED, applied({ version: '3.05.10000.00' }), restructured()],
    ['preferred product with letters', PREFERRED, APPLIED, offer({ compatibility: { ...REFERENCE_COMPATIBILITY, preferredProduct: 'x' } })],
    ['empty <products>', PREFERRED, APPLIED, offer({ compatibility: { ...REFERENCE_COMPATIBILITY, products: '' } })],
    ['reversed <products>', PREFERRED, null, offer({ compatibility: { ...REFERENCE_COMPATIBILITY, products: '3.05.30.99-3.05.15.00' } })],
    // Not read on this branch (structure unchanged), refused all the same.
    [
      '<schemas> with two semicolons',
      PREFERRED,
      APPLIED,
      offer({ compatibility: { ...REFERENCE_COMPATIBILITY, schemas: '3.04.00.00;;3.05.30.99' } }),
    ],
    [
      '<schemas> with two dashes',
      PREFERRED,
      APPLIED,
      restructured({ compatibility: { ...REFERENCE_COMPATIBILITY, schemas: '3.04.00.00-3.05.00.00-3.05.30.99' } }),
    ],
  ];
  test.each(malformed)('throws a RangeError on %s', (_name, productVersion, appliedPackage, offered) => {
    expect(() => decidePackageAction({ productVersion, applied: appliedPackage, offered })).toThrow(RangeError);
  });
});

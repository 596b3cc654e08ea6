/** This client's product version, checked against a package's `<products>` before it is applied. */
export const FIELDBOOK_PRODUCT_VERSION = '1.00.00.00';

/**
 * The closed list of error codes shared by client and gateway. A code is part of
 * the contract: clients branch on it, so codes are added, never renamed.
 */
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'DUPLICATE_USER_KEY',
  'COLLISION',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'SITE_REVOKED',
  'PACKAGE_UNAVAILABLE',
  'INCOMPATIBLE_PRODUCT',
  'INTERNAL',
  // Raised on the client only (never sent by the gateway), in the same list so
  // the UI maps every failure through one table.
  'CONNECTIVITY',
  'STORAGE_FULL',
  'STORAGE_FAILED',
  'STRUCTURE_DAMAGED',
  'CANCELLED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The codes one change of an ApplyChanges batch can be refused with: what
 * InsertRecord, UpdateRecord and DeleteRecord refuse a request with. Any other
 * failure is the whole batch's (answered as an error, nothing written).
 */
export const CHANGE_ERROR_CODES = [
  'INVALID_REQUEST',
  'NOT_FOUND',
  'DUPLICATE_USER_KEY',
  'COLLISION',
] as const satisfies readonly ErrorCode[];
export type ChangeErrorCode = (typeof CHANGE_ERROR_CODES)[number];

export function isChangeErrorCode(code: ErrorCode): code is ChangeErrorCode {
  return (CHANGE_ERROR_CODES as readonly ErrorCode[]).includes(code);
}

/** The HTTP status the JSON encoding answers with for each code. */
export const HTTP_STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DUPLICATE_USER_KEY: 409,
  COLLISION: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SITE_REVOKED: 410,
  PACKAGE_UNAVAILABLE: 404,
  INCOMPATIBLE_PRODUCT: 409,
  INTERNAL: 500,
  CONNECTIVITY: 503,
  STORAGE_FULL: 507,
  STORAGE_FAILED: 500,
  STRUCTURE_DAMAGED: 500,
  CANCELLED: 499,
};

/** Codes caused by the request (SOAP `Client` faults) rather than by the server. */
export function isClientFault(code: ErrorCode): boolean {
  return code !== 'INTERNAL';
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

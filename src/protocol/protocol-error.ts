import type { ErrorCode } from './error-codes.js';

/** JSON-compatible detail values carried with an error. */
export type ErrorDetails = { readonly [key: string]: unknown };

/**
 * The one error type that crosses the wire. The gateway throws it, both codecs
 * serialise it, and the client's transports rebuild it, so `code` is all a caller
 * needs to branch on.
 */
export class ProtocolError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProtocolError';
    this.code = code;
    this.details = details;
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

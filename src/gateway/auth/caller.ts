import type { Visibility } from '../db/database-schema.js';

/** The authenticated user behind a request, with what their responsibility lets them see. */
export interface Caller {
  readonly userId: string;
  readonly userName: string;
  readonly responsibilityId: string;
  readonly visibility: Visibility;
  readonly isAdmin: boolean;
  readonly teamId: string | null;
  readonly orgId: string;
  readonly tokenHash: string;
  /** The registered device the request came from, when it sent X-Database-Id. */
  readonly siteId: string | null;
}

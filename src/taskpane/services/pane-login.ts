/** Who the pane is signed in as, and the session it holds (never the password). */
export interface PaneLogin {
  readonly gatewayUrl: string;
  readonly userName: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  /** Null once the session expired or was never kept ("remember me" off and the pane reopened). */
  readonly sessionToken: string | null;
  readonly expiresAt: string | null;
  readonly remember: boolean;
}

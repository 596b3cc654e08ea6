import type { FieldValue } from '../../protocol/index.js';

/** Where "Back" on a record (or its form) returns to, and the words on the button ("Back to Email"). */
export interface BackTarget {
  readonly route: PaneRoute;
  /** What the rep came from: "Email", "Accounts", a record's title. */
  readonly label: string;
}

/** Where the pane can be sent: views navigate through this, never by touching another view. */
export type PaneRoute =
  | {
      readonly tab: 'records';
      readonly objectType?: string;
      readonly localId?: string;
      readonly create?: boolean;
      /** A new record's form starts with these values (from an e-mail, a quick action). */
      readonly initial?: Readonly<Record<string, FieldValue>>;
      /** Where the rep came from; without it, a record's Back returns to its list. */
      readonly back?: BackTarget;
    }
  | { readonly tab: 'mail' }
  | { readonly tab: 'sync'; readonly section?: 'status' | 'filters' }
  | { readonly tab: 'issues'; readonly issueId?: string };

export type Navigate = (route: PaneRoute) => void;

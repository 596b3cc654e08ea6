/** Where the pane can be sent: views navigate through this, never by touching another view. */
export type PaneRoute =
  | { readonly tab: 'records'; readonly objectType?: string; readonly localId?: string; readonly create?: boolean }
  | { readonly tab: 'mail' }
  | { readonly tab: 'sync'; readonly section?: 'status' | 'filters' }
  | { readonly tab: 'issues'; readonly issueId?: string };

export type Navigate = (route: PaneRoute) => void;

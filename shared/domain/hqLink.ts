/** The terminal's head office link as the Settings screen shows it (issue 16). */
export type HqRelayState = 'connected' | 'connecting' | 'offline';

export type HqLinkStatus =
  | { readonly linked: false }
  | {
    readonly linked: true;
    readonly hqUrl: string;
    readonly merchantId: string;
    readonly storeId: string;
    readonly terminalId: string;
    readonly enrolledAt: number;
    /** Events and rows not yet held by HQ. */
    readonly backlog: number;
    readonly lastUploadAt: number | null;
    readonly lastError: string | null;
    readonly relay: HqRelayState;
    /** The version of each pushed document in force (null: none received). */
    readonly pushed: { readonly storeSettings: number | null; readonly accounts: number | null };
  };

/** Adds a sync's credentials to its requests; one per job attempt. */
export interface Authenticator {
  /** Adds credentials to a request about to be sent (may fetch an OAuth token first). */
  apply(url: URL, headers: Headers, signal: AbortSignal): Promise<void>;
  /** After a 401: true when fresh credentials were obtained and the request should be sent once more. */
  refresh(signal: AbortSignal): Promise<boolean>;
  /** Every secret value in play, so that messages can be redacted before they reach a log or Temporal. */
  secretValues(): string[];
}

export const noAuthentication: Authenticator = {
  apply: async () => undefined,
  refresh: async () => false,
  secretValues: () => [],
};

/** The logger the payments layer writes to (pino's shape; a no-op when none is given). */
export interface PaymentsLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const NO_LOG: PaymentsLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

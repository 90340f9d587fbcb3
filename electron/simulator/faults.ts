import { z } from 'zod';
import { AMS_API, type AmsApiName } from '../payments/ams/regions';

/**
 * Fault injection (control API `/__sim/faults`). Each rule applies to one API (or all), for the
 * next `times` requests (or until cleared). Clock skew is separate: it moves the simulator's clock,
 * which is what a skewed gateway clock really does (expiry decisions and response-time both move).
 */
export const faultRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000) }),
  /** Connection destroyed before the request is processed: nothing happened. */
  z.object({ kind: z.literal('drop-before') }),
  /** Processed, then the connection is destroyed: the client cannot know it happened. */
  z.object({ kind: z.literal('drop-after') }),
  z.object({ kind: z.literal('http-5xx'), status: z.number().int().min(500).max(599).default(503), afterProcessing: z.boolean().default(false) }),
  /** Answer a signed U (UNKNOWN_EXCEPTION); `process` says whether the request took effect first. */
  z.object({ kind: z.literal('force-u'), process: z.boolean().default(true) }),
  /** Answer a signed F with this code without processing (e.g. a refund Alipay refuses). */
  z.object({ kind: z.literal('force-f'), code: z.string().regex(/^[A-Z_]{3,64}$/) }),
  z.object({ kind: z.literal('bad-signature') }),
  z.object({ kind: z.literal('unsigned') }),
  /** Half the body, then the connection closes. */
  z.object({ kind: z.literal('truncate') }),
]).and(z.object({
  api: z.enum(Object.keys(AMS_API) as [AmsApiName, ...AmsApiName[]]).optional(),
  times: z.number().int().min(1).optional(),
}));
export type FaultRule = z.input<typeof faultRuleSchema>;
type StoredRule = z.output<typeof faultRuleSchema> & { id: number };

export interface Faults {
  add(rule: FaultRule): number;
  clear(): void;
  list(): readonly StoredRule[];
  /** Consumes the first matching rule of each kind for this request. */
  take(api: AmsApiName): ReadonlyArray<z.output<typeof faultRuleSchema>>;
  readonly clockSkewMs: number;
  setClockSkew(ms: number): void;
}

export function createFaults(opts: { initialSkewMs?: number; onSkew?: (ms: number) => void } = {}): Faults {
  let rules: StoredRule[] = [];
  let nextId = 1;
  let skew = opts.initialSkewMs ?? 0;
  return {
    add(rule) {
      const parsed = faultRuleSchema.parse(rule);
      const id = nextId++;
      rules.push({ ...parsed, id });
      return id;
    },
    clear() {
      rules = [];
    },
    list: () => rules,
    take(api) {
      const seen = new Set<string>();
      const out: StoredRule[] = [];
      for (const r of rules) {
        if (r.api !== undefined && r.api !== api) continue;
        if (seen.has(r.kind)) continue;
        seen.add(r.kind);
        out.push(r);
        if (r.times !== undefined) r.times -= 1;
      }
      rules = rules.filter((r) => r.times === undefined || r.times > 0);
      return out;
    },
    get clockSkewMs() {
      return skew;
    },
    setClockSkew(ms) {
      skew = ms;
      opts.onSkew?.(ms);
    },
  };
}

/**
 * The day's reconciliation as HQ's dashboard shows it per store: the terminal's own reconcileDay
 * (electron/reports), folded to matched / mismatches / not imported. Computed when the record is sent,
 * so it is the reconciliation as it stands then (a payment resolved since the import counts).
 */
import type { HqReconciliation } from '../../../shared/hq/hqDashboard';
import type { Db } from '../../journal/openJournal';
import { ALIPAY_DAY_OFFSET_MINUTES } from '../../reports/reportService';
import { reconcileDay } from '../../reports/settlement/reconcile';

export function reconciliationSummary(db: Db, date: string, now: number): HqReconciliation {
  const r = reconcileDay(db, date, { now, dayOffsetMinutes: ALIPAY_DAY_OFFSET_MINUTES, includeMatched: false });
  const imports = r.imports.length;
  // Without Alipay's file every payment of ours looks "missing at Alipay": that is not a finding yet.
  const mismatches = imports === 0 ? 0 : r.counts.missingOurs + r.counts.missingAlipay + r.counts.mismatch;
  return {
    date, generatedAt: now, imports, matched: r.counts.matched, mismatches,
    status: imports === 0 ? 'notImported' : mismatches > 0 ? 'mismatches' : 'matched',
  };
}

/**
 * Back-office scripts: `npm run report -- --date YYYY-MM-DD [--format text|json|csv]
 * [--what report|reconciliation] [--locale en|zh-CN]`. Reads the terminal's data folder
 * (POS_DATA_DIR) with the journal opened read-only, so it can run beside a working station and can
 * never change a figure. A closed day prints its stored Z; an open one an X as of now.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { resolveDataDir } from '../config/dataDir';
import { loadConfig } from '../config/loadConfig';
import { openJournal } from '../journal/openJournal';
import { systemClock } from '../../shared/domain/clock';
import { isPosError } from '../../shared/errors/posError';
import { reconciliationCsv, reportCsv } from './output/reportCsv';
import { reportLines, reportTitle } from './output/reportPrintout';
import { createReportService } from './reportService';

const argsSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '--date must be YYYY-MM-DD'),
  format: z.enum(['text', 'json', 'csv']).default('text'),
  what: z.enum(['report', 'reconciliation']).default('report'),
  locale: z.enum(['en', 'zh-CN']).default('en'),
});

const USAGE = 'usage: npm run report -- --date YYYY-MM-DD [--format text|json|csv] [--what report|reconciliation] [--locale en|zh-CN]';

export function runReportCli(argv: readonly string[], env: NodeJS.ProcessEnv, out: (s: string) => void, err: (s: string) => void): number {
  let parsed: z.output<typeof argsSchema>;
  try {
    const { values } = parseArgs({ args: [...argv], options: { date: { type: 'string' }, format: { type: 'string' }, what: { type: 'string' }, locale: { type: 'string' } }, strict: true });
    const p = argsSchema.safeParse(values);
    if (!p.success) {
      err(`${p.error.issues[0]?.path.join('.') || 'arguments'}: ${p.error.issues[0]?.message}\n${USAGE}\n`);
      return 2;
    }
    parsed = p.data;
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const dataDir = resolveDataDir(env);
  const journal = path.join(dataDir, 'journal.sqlite');
  if (!fs.existsSync(journal)) {
    err(`no journal at ${journal} (set POS_DATA_DIR to the terminal's data folder)\n`);
    return 1;
  }
  const loaded = loadConfig(dataDir, env);
  if (loaded.status === 'invalid') err(`warning: config ${loaded.problem.field}: ${loaded.problem.message}; using defaults\n`);
  const db = openJournal(journal, { readonly: true });
  try {
    const reports = createReportService({ db, clock: systemClock, config: () => loaded.config, dataDir, readOnly: true });
    if (parsed.what === 'reconciliation') {
      const rec = reports.reconcile(parsed.date, parsed.format !== 'text');
      if (parsed.format === 'json') out(`${JSON.stringify(rec, null, 2)}\n`);
      else if (parsed.format === 'csv') out(reconciliationCsv(rec, loaded.config.reports.timeZone, parsed.locale));
      else {
        out(`Reconciliation ${rec.date}${rec.acquirer === 'alipay-cn' ? ' (当面付: out_trade_no)' : ''}: ${rec.counts.matched} matched, ${rec.counts.mismatch} mismatched, ${rec.counts.missingOurs} missing here, ${rec.counts.missingAlipay} missing at Alipay\n`);
        for (const i of rec.items) out(`${i.status}\t${i.type}\t${i.transactionRequestId}\t${i.differences.join(',')}\t${i.action}\n`);
      }
      return 0;
    }
    const day = reports.day(parsed.date);
    const report = day.state === 'closed' ? reports.report({ kind: 'Z', date: parsed.date }) : reports.report({ kind: 'X', date: parsed.date });
    switch (parsed.format) {
      case 'json':
        out(`${JSON.stringify(report, null, 2)}\n`);
        break;
      case 'csv':
        out(reportCsv(report));
        break;
      case 'text':
        out(`${reportTitle(report, parsed.locale)}\n${reportLines(report, parsed.locale, 64).join('\n')}\n`);
        break;
    }
    return 0;
  } catch (e) {
    err(`${isPosError(e) ? `${e.code}: ` : ''}${(e as Error).message}\n`);
    return 1;
  } finally {
    db.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  process.exitCode = runReportCli(process.argv.slice(2), process.env, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
}

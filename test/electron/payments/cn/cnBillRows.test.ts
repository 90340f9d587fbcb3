/**
 * The streaming bill import (issue 15, 100,000-row bills): a bad row anywhere — even the last — or a
 * summary that does not add up leaves nothing in the journal, and the error names the file's line;
 * amounts, times, kinds and ids are read exactly (tab-padded cells, refunds negative, blank fee).
 */
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../../electron/journal/openJournal';
import { parseCnBillZip } from '../../../../electron/payments/cn/cnBill';
import { importCnBillZip } from '../../../../electron/payments/cn/cnBillFetch';
import { readZip, writeZip } from '../../../../electron/payments/cn/cnZip';
import { billZip, type BillLine } from '../../../../electron/simulator/cn/cnBills';
import { tempDir } from '../../../helpers/tempDir';

const DAY = '2030-01-01';
const T0 = Date.UTC(2029, 11, 31, 16, 0, 0); // 00:00 Beijing
const ACCOUNT = '2088000000000001';

function lines(n: number): BillLine[] {
  return Array.from({ length: n }, (_, i) => ({
    tradeNo: `2030010122${String(i).padStart(12, '0')}`, outTradeNo: `P${i}`, kind: i % 10 === 9 ? '退款' : '交易', subject: '商品,名称', createdAt: T0 + i * 1000,
    finishedAt: T0 + 3_600_000 + i * 1000, storeId: 'S0001', operatorId: 'alice', terminalId: 'T01', buyer: '138****0000', fen: i % 10 === 9 ? -(1 + i) : 100 + i, outRequestNo: i % 10 === 9 ? `R${i}` : '',
  }));
}

/** The detail file's text edited by `edit`; the summary left as it was. */
function editDetail(zip: Buffer, edit: (text: string) => string): Buffer {
  return writeZip(readZip(zip).map((e) => (e.name.includes('汇总') ? e : { ...e, data: iconv.encode(edit(iconv.decode(e.data, 'gbk')), 'gbk') })));
}

const rowCount = (db: ReturnType<typeof openJournal>): unknown => db.prepare('SELECT (SELECT count(*) FROM settlement_rows) AS rows, (SELECT count(*) FROM settlement_imports) AS imports').get();

describe('当面付 bill rows, streamed into the journal', () => {
  it('reads every cell exactly: yuan to fen, refunds negative, Beijing times, kinds, request numbers', () => {
    const bill = parseCnBillZip(billZip(lines(20), ACCOUNT, DAY, T0 + 86_400_000));
    expect(bill).toMatchObject({ account: ACCOUNT, date: DAY });
    expect(bill.rows).toHaveLength(20);
    expect(bill.rows[0]).toEqual({ lineNo: 6, tradeNo: '2030010122000000000000', outTradeNo: 'P0', kind: 'trade', fen: 100, receivedFen: 100, feeFen: 0, outRequestNo: null, storeId: 'S0001', finishedAt: T0 + 3_600_000 });
    expect(bill.rows[9]).toMatchObject({ kind: 'refund', fen: -10, outRequestNo: 'R9', finishedAt: T0 + 3_600_000 + 9_000 });
    expect(bill.summaries.find((s) => s.storeId === '合计')).toMatchObject({ trades: 18, refunds: 2 });
  });

  it('a bad row anywhere, a summary that does not add up: nothing imported, the line named', () => {
    const db = openJournal(path.join(tempDir(), 'j.sqlite'));
    const cacheBefore = db.pragma('cache_size', { simple: true });
    const zip = billZip(lines(3_000), ACCOUNT, DAY, T0 + 86_400_000);
    const last = (t: string): number => t.lastIndexOf('P2998');
    const cases: Array<[string, (t: string) => string, RegExp]> = [
      ['amount with 3 decimals in the last trade', (t) => t.slice(0, last(t)) + t.slice(last(t)).replace(/,30\.98,30\.98,/, ',30.981,30.98,'), /line 3004: "30\.981" is not an amount/],
      ['an amount with a leading zero', (t) => t.replace(',11.00,11.00,', ',011.00,11.00,'), /line 1006: "011\.00" is not an amount/],
      ['a trade_no that is not one', (t) => t.replace('2030010122000000001500', '20300101220000X0001500'), /line 1506: "20300101220000X0001500" is not a trade_no/],
      ['an unknown business type', (t) => t.replace(/(P1234\t,)交易/, '$1冲正'), /line 1240: unknown 业务类型 "冲正"/],
      ['a time that is not one', (t) => t.replace(/2030-01-01 01:00:07/, '2030-01-01 25:00:07'), /is not a time/],
      ['a quoted field', (t) => t.replace('P77\t', '"P77"'), /line 83: quoted fields/],
      ['a row the summary does not know', (t) => t.replace(/(\r\n#-+业务明细列表结束)/, (_m, end: string) => `\r\n2030010122999999999999\t,PX\t,交易,x,2030-01-01 08:00:00,2030-01-01 08:00:00,S0001,s,a,T,b,1.00,1.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,0.00,0.00,${end}`), /does not add up/],
    ];
    for (const [what, edit, message] of cases) {
      expect(() => importCnBillZip(db, editDetail(zip, edit), { date: DAY, now: 1, fileName: `${what}.zip` }), what).toThrow(expect.objectContaining({ code: 'SETTLEMENT_INVALID', message: expect.stringMatching(message) }));
      expect(rowCount(db), what).toEqual({ rows: 0, imports: 0 });
    }
    expect(importCnBillZip(db, zip, { date: DAY, now: 1, fileName: 'good.zip' })).toMatchObject({ status: 'imported', rows: 3_000 });
    expect(rowCount(db)).toEqual({ rows: 3_000, imports: 1 });
    expect(db.prepare("SELECT row_count FROM settlement_imports").pluck().get()).toBe(3_000);
    expect(db.prepare("SELECT transaction_type, transaction_request_id, amount_minor, settlement_date FROM settlement_rows WHERE transaction_id = ?").get('2030010122000000000009:R9'))
      .toEqual({ transaction_type: 'REFUND', transaction_request_id: 'R9', amount_minor: -10, settlement_date: DAY });
    // The page cache is back to what it was after the import's larger one.
    expect(db.pragma('cache_size', { simple: true })).toBe(cacheBefore);
    db.close();
  });
});

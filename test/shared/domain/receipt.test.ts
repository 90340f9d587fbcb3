import { describe, expect, it } from 'vitest';
import { asDuplicate, displayWidth, layoutDocument, PAPER_COLUMNS, previewLines, wrapText, type PaperWidth } from '../../../shared/domain/receipt';
import { sampleReceipt } from '../../fixtures/printer/sampleReceipt';

const doc = { type: 'receipt', receipt: sampleReceipt } as const;

describe('receipt layout', () => {
  it.each<PaperWidth>(['58mm', '80mm'])('every line is exactly the paper width on %s (Chinese counts double)', (paper) => {
    const lines = layoutDocument(doc, paper);
    for (const l of lines) {
      if (l.kind === 'text') expect(displayWidth(l.text)).toBe(l.size === 'double' ? PAPER_COLUMNS[paper] / 2 : PAPER_COLUMNS[paper]);
    }
    for (const p of previewLines(lines, paper)) expect(displayWidth(p)).toBe(PAPER_COLUMNS[paper]);
  });

  it('carries totals, scenario, ids, masked customer, time in the shop zone and a QR of the payment id', () => {
    const text = previewLines(layoutDocument(doc, '80mm'), '80mm').join('\n');
    expect(text).toContain('合计 TOTAL');
    expect(text).toContain('CNY 9.00');
    expect(text).toContain('-0.50');
    expect(text).toContain('付款码 Payment code');
    expect(text).toContain('20261122114010800100188820212345678');
    expect(text).toContain('P01JDEMO0000ABCDEFGHJKMNPQ');
    expect(text).toContain('208****3456');
    expect(text).toContain('2026-11-22 09:30:15');
    expect(text).not.toContain('DUPLICATE');
    expect(layoutDocument(doc, '80mm')).toContainEqual({ kind: 'qr', data: sampleReceipt.payment!.paymentId });
  });

  it('a value too long for its label line moves right-aligned below it on 58 mm', () => {
    const lines = previewLines(layoutDocument(doc, '58mm'), '58mm');
    const i = lines.findIndex((l) => l.startsWith('支付单号 paymentId'));
    expect(lines[i]!.trim()).toBe('支付单号 paymentId');
    expect(lines[i + 1]).toBe('20261122114010800100188820212345');
    expect(lines[i + 2]).toBe(`${' '.repeat(29)}678`);
  });

  it('reprints say DUPLICATE at top and bottom', () => {
    const lines = previewLines(layoutDocument(asDuplicate(doc), '58mm'), '58mm');
    expect(lines[0]).toContain('DUPLICATE');
    expect(lines.at(-1)).toContain('DUPLICATE');
  });

  it('control characters from data never reach the printer as commands', () => {
    const evil = { ...sampleReceipt, items: [{ ...sampleReceipt.items[0]!, name: 'x\x1b@\x1dV\x00cut' }] };
    const lines = layoutDocument({ type: 'receipt', receipt: evil }, '58mm');
    const controls = lines.flatMap((l) => (l.kind === 'text' ? [...l.text].filter((c) => c.charCodeAt(0) < 0x20) : []));
    expect(controls).toEqual([]);
  });

  it('wraps by display width and prefers spaces', () => {
    expect(wrapText('红烧牛肉面红烧牛肉面', 8)).toEqual(['红烧牛肉', '面红烧牛', '肉面']);
    expect(wrapText('Mineral water 550ml', 10)).toEqual(['Mineral', 'water', '550ml']);
    expect(wrapText('', 10)).toEqual(['']);
  });
});

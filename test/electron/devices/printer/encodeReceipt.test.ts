import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeDocument } from '../../../../electron/devices/printer/encodeReceipt';
import { createVirtualPrinterCore } from '../../../../electron/devices/virtual/virtualPrinter';
import { layoutDocument, previewLines, type PaperWidth } from '../../../../shared/domain/receipt';
import { sampleReceipt } from '../../../fixtures/printer/sampleReceipt';

const doc = { type: 'receipt', receipt: sampleReceipt } as const;
const golden = (paper: PaperWidth): Buffer => fs.readFileSync(path.join(__dirname, '../../../fixtures/printer', `sample-receipt-${paper}.bin`));

describe('ESC/POS receipt encoding', () => {
  it.each<PaperWidth>(['58mm', '80mm'])('matches the golden bytes on %s', (paper) => {
    expect(encodeDocument(doc, paper).equals(golden(paper))).toBe(true);
  });

  it('writes Chinese in GB18030 inside Chinese mode (FS &), starts with ESC @ and ends with a cut and GS r 1', () => {
    const bytes = encodeDocument(doc, '58mm');
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect([...bytes.subarray(-3)]).toEqual([0x1d, 0x72, 0x01]);
    expect(bytes.includes(Buffer.from([0x1c, 0x26]))).toBe(true);
    expect(bytes.includes(iconv.encode('合计 TOTAL', 'gb18030'))).toBe(true);
    expect(bytes.includes(Buffer.from('合计', 'utf8'))).toBe(false);
  });

  it('decodes back to exactly the preview lines, plus the QR image and the cut', () => {
    for (const paper of ['58mm', '80mm'] as const) {
      const core = createVirtualPrinterCore(() => undefined);
      core.receive(encodeDocument(doc, paper));
      const layout = layoutDocument(doc, paper);
      const expected = layout.flatMap((l) => (l.kind === 'text' ? [l.text] : []));
      expect(core.lines()).toEqual(expected);
      expect(core.printed.filter((p) => p.kind === 'image')).toHaveLength(1);
      expect(core.printed.at(-1)).toEqual({ kind: 'cut' });
      expect(previewLines(layout, paper)).toHaveLength(layout.length);
    }
  });

  it('a reprint carries the DUPLICATE mark on paper', () => {
    const core = createVirtualPrinterCore(() => undefined);
    core.receive(encodeDocument({ type: 'receipt', receipt: { ...sampleReceipt, copy: 'duplicate' } }, '58mm'));
    expect(core.lines().filter((l) => l.includes('重印 DUPLICATE'))).toHaveLength(2);
  });

  it('receiptline markup in data is printed literally', () => {
    const tricky = { ...sampleReceipt, items: [{ ...sampleReceipt.items[0]!, name: '{code:1} | ^^big "q" _u_ `x` ~t\\ -- ==' }] };
    const core = createVirtualPrinterCore(() => undefined);
    core.receive(encodeDocument({ type: 'receipt', receipt: tricky }, '80mm'));
    expect(core.lines()).toContain('{code:1} | ^^big "q" _u_ `x` ~t\\ -- ==          ');
  });
});

import { describe, expect, it } from 'vitest';
import { bootDemoStation, until } from '../../helpers/demoStation';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { DevicesSnapshot, PrintJobView } from '../../../shared/ipc/commands/device';
import type { ReceiptPreview } from '../../../shared/ipc/commands/receipt';

const boot = () => bootDemoStation();

describe('receipts (DEMO: simulator + virtual printer on a pty)', () => {
  it('prints exactly one original receipt when a payment succeeds, previews it, and reprints it as DUPLICATE', async () => {
    const { station, call } = await boot();
    const sale = await call<SaleSnapshot>('sale:create', { amountMinor: 1_888, description: '咖啡 Coffee' });
    const a = await call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000000' });
    await until(async () => (await call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status === 'succeeded');

    const printed = (): string => station.ctx.devices!.virtual.printer!.core.lines().join('\n');
    await until(() => printed().includes(a.paymentRequestId));
    expect(printed()).toContain('18.88');
    expect(printed()).toContain('咖啡 Coffee');
    expect(printed()).not.toContain('DUPLICATE');

    // The same success arriving again (a notification after the pay answer) does not print twice.
    const jobs = (): PrintJobView[] => [...station.ctx.devices!.status().queue.recent].filter((j) => j.reference === a.paymentRequestId);
    await until(() => jobs().some((j) => j.status === 'printed'));
    expect(jobs()).toHaveLength(1);

    const preview = await call<ReceiptPreview>('receipt:preview', { paymentRequestId: a.paymentRequestId });
    expect(preview.lines.join('\n')).toContain('18.88');
    expect(preview.qr).toBeTruthy();

    await call<PrintJobView>('receipt:reprint', { paymentRequestId: a.paymentRequestId });
    await until(() => printed().includes('DUPLICATE'));
    expect((await call<DevicesSnapshot>('device:status', {})).queue.recent.filter((j) => j.reference === a.paymentRequestId)).toHaveLength(2);
  });

  it('当面付: the receipt names the acquirer and still prints (the print queue reads it back)', async () => {
    const { station, call } = await bootDemoStation({ config: { alipay: { acquirer: 'alipay-cn' } } });
    const sale = await call<SaleSnapshot>('sale:create', { amountMinor: 1_250 });
    const a = await call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '281234567890123456' });
    await until(async () => (await call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status === 'succeeded');
    const jobs = (): PrintJobView[] => [...station.ctx.devices!.status().queue.recent].filter((j) => j.reference === a.paymentRequestId);
    await until(() => jobs().some((j) => j.status === 'printed' || j.status === 'failed'));
    expect(jobs().map((j) => j.status)).toEqual(['printed']);
    expect(station.ctx.devices!.virtual.printer!.core.lines().join('\n')).toContain('12.50');
  });

  it('refuses a receipt for a payment that is not paid', async () => {
    const { call } = await boot();
    const sale = await call<SaleSnapshot>('sale:create', { amountMinor: 500 });
    const a = await call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000001' });
    await until(async () => (await call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).final);
    await expect(call('receipt:preview', { paymentRequestId: a.paymentRequestId })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(call('receipt:reprint', { paymentRequestId: 'P-nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

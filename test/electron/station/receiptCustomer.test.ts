/** The printed receipt names the payer as Alipay masked it (DEMO: simulator + virtual printer). */
import { describe, expect, it } from 'vitest';
import { bootDemoStation, until } from '../../helpers/demoStation';
import { SIM_DISPLAY_CUSTOMER_ID } from '../../../electron/simulator/simCore';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { ReceiptPreview } from '../../../shared/ipc/commands/receipt';

describe('receipt customer line', () => {
  it('prints Alipay’s masked customer id, not the code’s last 4', async () => {
    const { station, call } = await bootDemoStation();

    const sale = await call<SaleSnapshot>('sale:create', { amountMinor: 2_500 });
    const code = '280000000000009876'; // not a scenario code ending: instant success
    const a = await call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code });
    await until(async () => (await call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status === 'succeeded');
    expect(await call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).toMatchObject({ customerIdMasked: SIM_DISPLAY_CUSTOMER_ID, codeTail: '9876' });

    const printed = (): string => station.ctx.devices!.virtual.printer!.core.lines().join('\n');
    await until(() => printed().includes(a.paymentRequestId));
    const customerLine = printed().split('\n').find((l) => l.includes('Customer'));
    expect(customerLine).toContain(SIM_DISPLAY_CUSTOMER_ID);
    expect(printed()).not.toContain('****9876');
    const preview = await call<ReceiptPreview>('receipt:preview', { paymentRequestId: a.paymentRequestId });
    expect(preview.lines.join('\n')).toContain(SIM_DISPLAY_CUSTOMER_ID);
  });
});

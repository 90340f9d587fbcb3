/**
 * Write-only printers on the Devices screen (issue 14 item 5), in real Chromium against the DEMO
 * browser host whose virtual printer (a real pty) is told to answer nothing (POS_DEMO_PRINTER).
 * The test page gets no answer, the screen offers "no status" mode, and from then on receipts come
 * out marked sent-unconfirmed; a reprint says DUPLICATE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptSnapshot, SaleSnapshot } from '../../shared/domain/payment';
import type { DevicesSnapshot } from '../../shared/ipc/commands/device';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';

let session: DemoSession;

beforeAll(async () => {
  session = await openDemoSession({ POS_DEMO_PRINTER: 'write-only', POS_LOCALE: 'en' });
});

afterAll(async () => {
  await session?.close();
});

const paper = async (): Promise<string> => (await session.station.call<{ lines: string[] }>('demo:printerOutput', { limit: 300 })).lines.join('\n');

describe('a printer that answers nothing', () => {
  it('the test page gets no answer, no-status mode is offered and taken, and receipts come out sent-unconfirmed', async () => {
    const { station, browser, pos } = session;
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(pos.url);
    await page.getByTestId('nav-devices').click();
    await expect.poll(() => page.getByTestId('printer-status').textContent(), { timeout: 10_000 }).toBe('not answering');
    expect(await page.getByTestId('no-status-offer').count()).toBe(0); // nothing tried yet

    await page.getByTestId('test-print').click();
    await page.getByTestId('no-status-offer').waitFor();
    const queued = (await station.call<DevicesSnapshot>('device:status', {})).queue.recent[0]!;
    expect(queued).toMatchObject({ kind: 'test', status: 'queued' });
    await shot(page, 'write-only-offer');

    await page.getByTestId('use-no-status').click();
    await expect.poll(() => page.getByTestId('printer-status').textContent(), { timeout: 10_000 }).toBe('no status (sends unconfirmed)');
    await page.getByTestId('printer-no-status-note').waitFor();
    // The test page that was waiting comes out now, and is marked sent, not printed.
    await expect.poll(async () => (await station.call<DevicesSnapshot>('device:status', {})).queue.recent.find((j) => j.id === queued.id)?.status, { timeout: 10_000 }).toBe('sent');
    await expect.poll(paper, { timeout: 10_000 }).toContain('PRINTER TEST');
    await page.getByTestId(`print-job-${queued.id}`).filter({ hasText: 'Sent, unconfirmed' }).waitFor();

    // A paid sale's receipt is sent too; its reprint is marked DUPLICATE.
    const sale = await station.call<SaleSnapshot>('sale:create', { amountMinor: 4321 });
    const a = await station.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000000' });
    await expect.poll(async () => (await station.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).status, { timeout: 15_000 }).toBe('paid');
    await expect.poll(async () => (await station.call<DevicesSnapshot>('device:status', {})).queue.recent.find((j) => j.kind === 'receipt')?.status, { timeout: 10_000 }).toBe('sent');
    await expect.poll(paper, { timeout: 10_000 }).toContain('43.21');
    expect((await paper()).includes('DUPLICATE')).toBe(false);
    const receiptJob = (await station.call<DevicesSnapshot>('device:status', {})).queue.recent.find((j) => j.kind === 'receipt')!;
    const re = await station.call<{ id: number }>('device:reprint', { jobId: receiptJob.id });
    await expect.poll(async () => (await station.call<DevicesSnapshot>('device:status', {})).queue.recent.find((j) => j.id === re.id)?.status, { timeout: 10_000 }).toBe('sent');
    await expect.poll(paper, { timeout: 10_000 }).toContain('DUPLICATE');
    expect(a.amount.minor).toBe(4321);
    // The status bar says so too, on every screen.
    expect(await page.getByTestId('status-device-printer').textContent()).toContain('no status');
    await shot(page, 'write-only-sent');
    await page.close();
  });
});

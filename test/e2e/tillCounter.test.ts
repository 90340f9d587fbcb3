import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TillClientCreated } from '../../shared/domain/till';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';
import { PaymentEvents } from '../till/sampleTill';

/**
 * The counter flow of the till integration in real Chromium: a till posts an amount to the station's
 * till API (its own listener), the cashier screen shows "Amount from <till>" and the customer display
 * the amount; the cashier types the customer's code; the till hears "paid" on its event stream.
 */
let session: DemoSession;
let api: string;
let key: string;

beforeAll(async () => {
  session = await openDemoSession({ POS_TILL_PORT: '0', POS_LOCALE: 'en', POS_CUSTOMER_LOCALE: 'en' });
  api = (await session.station.call<{ url: string | null }>('till:info')).url!;
  key = (await session.station.call<TillClientCreated>('till:createClient', { name: 'Kitchen till', scopes: ['pay', 'read'], pin: '1234' })).key;
});

afterAll(async () => {
  await session?.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${api}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function open(path = ''): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
  await page.goto(`${session.pos.url}${path}`);
  return page;
}

describe('till → counter → till, in Chromium', () => {
  it('shows "Amount from <till>", takes the scan, and the till is told "paid"', async () => {
    const cashier = await open();
    const customer = await open('customer');
    await cashier.locator('[data-phase="entry"]').waitFor();
    const events = new PaymentEvents(api, key);
    await events.ready;

    const res = await post('/payments', { orderReference: 'K-1001', amount: { minor: 4_250, currency: 'CNY' } });
    expect(res.status).toBe(201);
    await cashier.getByTestId('till-from').waitFor();
    expect(await cashier.getByTestId('till-from').innerText()).toContain('Amount from Kitchen till');
    expect(await cashier.getByTestId('till-from').innerText()).toContain('K-1001');
    expect(await cashier.getByTestId('tender-panel').innerText()).toContain('42.50');
    expect(await cashier.getByTestId('change-amount').innerText()).toContain('Send back to till');
    await customer.getByText('42.50').first().waitFor();
    await shot(cashier, 'till-amount-from-till');
    await shot(customer, 'till-customer-display');
    // Fits the counter's 1024×768 screen without scrolling.
    expect(await cashier.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

    await cashier.getByTestId('manual-code').fill('281234567890100101');
    await cashier.getByTestId('manual-code').press('Enter');
    const paid = await events.next((p) => p.orderReference === 'K-1001' && p.final);
    expect(paid).toMatchObject({ status: 'paid', amount: { minor: 4_250, currency: 'CNY' } });
    await cashier.locator('[data-phase="result"]').waitFor();
    expect(await cashier.getByTestId('till-from').innerText()).toContain('Kitchen till');
    await shot(cashier, 'till-paid');
    await cashier.keyboard.press('Enter');
    await cashier.locator('[data-phase="entry"]').waitFor();
    expect(await cashier.getByTestId('till-from').count()).toBe(0);
    events.close();
    await cashier.close();
    await customer.close();
  });

  it('a manual sale open at the counter: the till is refused and the cashier\'s sale is untouched; "send back" cancels a till\'s amount', async () => {
    const cashier = await open();
    await cashier.locator('[data-phase="entry"]').waitFor();
    for (const k of ['Digit8', 'Digit8', 'Enter']) {
      await cashier.keyboard.press(k);
      await cashier.waitForTimeout(60); // a person's pace: slower than the wedge detector's window
    }
    await cashier.getByTestId('waiting-scan').waitFor();
    const busy = await post('/payments', { orderReference: 'K-1002', amount: { minor: 999, currency: 'CNY' } });
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('COUNTER_BUSY');
    expect(await cashier.getByTestId('till-from').count()).toBe(0);
    expect(await cashier.getByTestId('tender-panel').innerText()).toContain('88');
    await cashier.keyboard.press('Escape'); // the cashier's own "change amount"
    await cashier.locator('[data-phase="entry"]').waitFor();
    await cashier.keyboard.press('Escape'); // clears the re-keyed amount

    expect((await post('/payments', { orderReference: 'K-1002', amount: { minor: 999, currency: 'CNY' } })).status).toBe(201);
    await cashier.getByTestId('till-from').waitFor();
    await cashier.keyboard.press('Escape'); // send back to the till
    await cashier.locator('[data-phase="entry"]').waitFor();
    const state = (await (await fetch(`${api}/payments/K-1002`, { headers: { authorization: `Bearer ${key}` } })).json()) as { status: string };
    expect(state.status).toBe('cancelled');
    expect(await cashier.getByTestId('amount-display').innerText()).not.toContain('9.99');
    await cashier.close();
  });

  it('the manager creates a client in Settings and sees its key once', async () => {
    const cashier = await open();
    await cashier.getByTestId('sale-flow').waitFor();
    await cashier.keyboard.press('F5');
    await cashier.getByTestId('till-clients').waitFor();
    await cashier.getByTestId('till-name').fill('Front till');
    await cashier.getByTestId('till-pin').fill('1234');
    await cashier.getByTestId('till-create').click();
    await cashier.getByTestId('till-key').waitFor();
    const shown = await cashier.getByTestId('till-key').innerText();
    expect(shown).toMatch(/^tk_/);
    await shot(cashier, 'till-clients-settings');
    const r = await fetch(`${api}/payments`, { headers: { authorization: `Bearer ${shown.trim()}` } });
    expect(r.status).toBe(200);
    await cashier.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';
import { openDemoSession, type DemoSession } from './helpers/demoSession';

/**
 * Issue 12 item 8: one CSP, no 'unsafe-inline'. The built pages carry it as a <meta>, the browser host
 * sends it (narrowed to its own WebSocket port) as a header, and real Chromium applying both reports
 * no violation while the screens are used.
 */
let session: DemoSession;
beforeAll(async () => {
  session = await openDemoSession();
});
afterAll(async () => {
  await session?.close();
});

describe('the one Content-Security-Policy', () => {
  it('is in the page and the header, has no unsafe-inline, and nothing on the screens breaks it', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    const violations: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    const res = await page.goto(session.pos.url);
    const port = Number(new URL(session.pos.url).port);
    expect(res!.headers()['content-security-policy']).toBe(contentSecurityPolicy({ kind: 'browser', port }));
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBe(contentSecurityPolicy({ kind: 'page' }));
    expect(`${meta} ${res!.headers()['content-security-policy']}`).not.toMatch(/unsafe-inline|unsafe-eval/);
    await page.evaluate(`document.addEventListener('securitypolicyviolation', (e) => console.error('Content Security Policy violation ' + e.violatedDirective + ' ' + e.blockedURI))`);
    await page.getByTestId('cashier').waitFor();
    for (const id of ['history', 'queue', 'devices', 'settings', 'eod', 'sale']) {
      await page.getByTestId(`nav-${id}`).click();
      await page.locator(`[data-testid="nav-${id}"][aria-current="page"]`).waitFor();
    }
    const customer = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    customer.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    await customer.goto(`${session.pos.url}customer`);
    await customer.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  });
});

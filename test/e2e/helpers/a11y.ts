import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle, as shipped in the npm package. */
const axeSource = (): string => {
  const require = createRequire(import.meta.url);
  return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
};

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: ReadonlyArray<{ readonly target: readonly string[]; readonly failureSummary?: string }>;
}


/** WCAG 2 A/AA rules of axe-core on the page as it is now. */
export async function audit(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's own CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}


/** Controls smaller than a 44 × 44 px touch target (radios and checkboxes count by their label). */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, [role="button"], input, select')]
      .filter((el) => {
        // A radio or checkbox is touched through its label: the label is the target that counts.
        const target = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox') ? (el.closest('label') ?? el) : el;
        const r = target.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && (r.width < 44 || r.height < 44);
      })
      .map((el) => `${el.tagName.toLowerCase()}[data-testid=${el.getAttribute('data-testid') ?? ''}] ${el.textContent?.trim().slice(0, 30) ?? ''}`),
  );
}

/**
 * Checks every screen must pass, in one place (e2e/screens.spec.ts calls them once per
 * screen × language × viewport):
 * - axe-core: no serious or critical violation (WCAG 2.x A/AA rules);
 * - language: no phrase of the other UI language on screen (the app's audit hook,
 *   client/src/shell/audit-hook.ts, compares against the shipped catalogues);
 * - layout: nothing wider than the viewport (320 px and up);
 * - phone: every control's touch target ≥ 48 px, the app bar on one line, and the bottom
 *   navigation's labels whole (not cut with an ellipsis).
 * Screenshots go to EDC_SCREENSHOTS=<dir> when set (for people to look at; not asserted).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import axe from 'axe-core';

export type Viewport = { width: number; height: number };
export const PHONE: Viewport = { width: 360, height: 740 };
export const NARROW: Viewport = { width: 320, height: 640 };
export const DESKTOP: Viewport = { width: 1280, height: 800 };

/** Turns on the app's audit hook and sets the UI language before the app's scripts run. */
export async function prepareAudit(page: Page, language: 'id' | 'en'): Promise<void> {
  await page.addInitScript((lang) => {
    localStorage.setItem('edc.audit', '1');
    // Only the first load of a context: later switches go through `switchLanguage`.
    if (!sessionStorage.getItem('edc.audit.lang')) {
      localStorage.setItem('edc.language', lang);
      sessionStorage.setItem('edc.audit.lang', lang);
    }
  }, language);
}

export async function switchLanguage(page: Page, language: 'id' | 'en'): Promise<void> {
  await page.evaluate((lang) => localStorage.setItem('edc.language', lang), language);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** The WCAG 2.x A/AA rules axe checks on every screen. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function expectNoSeriousAxeViolations(page: Page, label: string): Promise<void> {
  // axe-core runs in the page itself (the app has no frames), injected once per document:
  // @axe-core/playwright evaluated its 550 kB source twice per audit, and axe collected
  // every passing and inapplicable node as well. `resultTypes` keeps all nodes of the
  // violations (all this check reads) and one of each other kind: the same rules and the
  // same violations in about half the time (docs/benchmarks.md "CI time").
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const serious = await page.evaluate(async (tags) => {
    const runner = (window as unknown as { axe: typeof axe }).axe;
    const { violations } = await runner.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  }, AXE_TAGS);
  expect(serious, `axe on ${label}`).toEqual([]);
}

export async function expectOneLanguage(page: Page, label: string): Promise<void> {
  const foreign = await page.evaluate(() => window.edcAudit?.foreignText() ?? ['(audit hook missing)']);
  expect(foreign, `other-language text on ${label}`).toEqual([]);
}

export async function expectNoOverflow(page: Page, label: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, `horizontal overflow on ${label}`).toBeLessThanOrEqual(width);
}

/**
 * Nothing sticks out of the window sideways, whatever the page's own overflow setting
 * hides (`body { overflow-x: hidden }` would cut a too-wide page off instead of scrolling
 * it, and `scrollWidth` would not tell): every visible element lies within the viewport,
 * unless a box that scrolls sideways holds it (a wide table in its own scroll box). Names
 * the outermost offenders.
 */
export async function expectNothingOffScreen(page: Page, label: string): Promise<void> {
  const offenders = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    const inScrollBox = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x === 'auto' || x === 'scroll') return true;
      }
      return false;
    };
    const sticksOut = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      return r.right > width + 1 || r.left < -1;
    };
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (!sticksOut(el) || inScrollBox(el)) continue;
      // Visually hidden helpers (skip links, screen-reader text) are placed off-screen on purpose.
      if (el.closest('.sr-only, .skip, [hidden], dialog:not([open])')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (el.parentElement && sticksOut(el.parentElement) && !inScrollBox(el.parentElement)) continue;
      const r = el.getBoundingClientRect();
      const id = el.getAttribute('data-testid') ?? el.className.toString().slice(0, 40);
      out.push(
        `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''} ${Math.round(r.left)}–${Math.round(r.right)} px`,
      );
    }
    return out;
  });
  expect(offenders, `outside the ${label} window`).toEqual([]);
}

/** Phone: each visible control is at least 48 × 48 px (a chip may reach it with its ::after). */
export async function expectTouchTargets(page: Page, label: string): Promise<void> {
  const small = await page.evaluate(() => {
    const out: string[] = [];
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, [role="button"]';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (el.closest('.skip, .sr-only, [hidden], [inert]')) continue;
      // A radio/checkbox is operated through its label (the visible chip, row or star).
      const target =
        el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')
          ? (el.closest('label') ?? el)
          : el;
      const rect = target.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(target);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      // Inside a closed <details> or an off-screen layer: not operable now.
      if (target.closest('dialog:not([open])')) continue;
      const extension = getComputedStyle(target, '::after');
      const extra =
        extension.content !== 'none' && extension.position === 'absolute'
          ? Math.max(0, -Number.parseFloat(extension.top) || 0) +
            Math.max(0, -Number.parseFloat(extension.bottom) || 0)
          : 0;
      if (rect.height + extra < 47.5 || rect.width < 47.5) {
        const name = (target.getAttribute('aria-label') ?? target.textContent ?? '').trim().slice(0, 30);
        out.push(
          `${target.tagName.toLowerCase()} "${name}" ${Math.round(rect.width)}×${Math.round(rect.height + extra)}`,
        );
      }
    }
    return out;
  });
  expect(small, `touch targets below 48 px on ${label}`).toEqual([]);
}

export async function expectAppBarOnOneLine(page: Page, label: string): Promise<void> {
  const bar = await page.locator('header.app-bar').evaluate((el) => {
    const rect = el.getBoundingClientRect();
    const children = Array.from(el.querySelectorAll('*')).map((c) => c.getBoundingClientRect());
    return {
      height: rect.height,
      right: Math.max(...children.map((c) => c.right)),
      width: window.innerWidth,
    };
  });
  expect(bar.height, `app bar height on ${label}`).toBeLessThanOrEqual(64);
  expect(bar.right, `app bar content beyond the screen on ${label}`).toBeLessThanOrEqual(bar.width);
}

/**
 * Phone: every bottom-navigation label is shown whole. A label wider than its tab is cut
 * with an ellipsis inside the tab, which no overflow check sees ("Notifications" at 320 px).
 */
export async function expectNavLabelsWhole(page: Page, label: string): Promise<void> {
  const cut = await page
    .locator('.nav-bar .nav-label')
    .evaluateAll((els) =>
      els
        .filter((el) => el.scrollWidth > el.clientWidth)
        .map((el) => `"${el.textContent ?? ''}" ${el.scrollWidth} px in ${el.clientWidth} px`),
    );
  expect(cut, `bottom navigation labels cut off on ${label}`).toEqual([]);
}

export async function maybeScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.EDC_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

export type AuditOptions = { axe?: boolean; phone?: boolean };

/** All checks for the screen as it is now; `label` names it in failures and screenshots. */
export async function auditScreen(page: Page, label: string, options: AuditOptions = {}): Promise<void> {
  await expectNoOverflow(page, label);
  await expectOneLanguage(page, label);
  if (options.phone) {
    await expectTouchTargets(page, label);
    // The login screen has no app bar.
    if ((await page.locator('header.app-bar').count()) > 0) await expectAppBarOnOneLine(page, label);
    await expectNavLabelsWhole(page, label);
  }
  if (options.axe !== false) await expectNoSeriousAxeViolations(page, label);
  await maybeScreenshot(page, label);
}

declare global {
  interface Window {
    edcAudit?: { foreignText: () => Promise<string[]> };
  }
}

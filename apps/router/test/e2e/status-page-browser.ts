/*
 * The status page as a person sees it: Debian's Chromium, headless, driven by playwright-core, with
 * a fresh profile and context per launch. Reads the backends table back as plain values (the cell
 * texts by `data-field`) and collects every page error and console error, so a test can insist
 * there were none (a script blocked by the Content-Security-Policy shows up there).
 *
 * The browser must exist: a missing /usr/bin/chromium fails the test (CI installs it, .ci/run).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One table row: its data attributes and its cells' texts by field name. */
export interface PageRow {
  readonly backend: string;
  readonly role: string;
  readonly state: string;
  readonly className: string;
  readonly cells: Readonly<Record<string, string>>;
}

export interface StatusPageBrowser {
  readonly page: Page;
  /** Page errors and console errors seen so far. */
  readonly errors: string[];
  /** The table as it is now, in row order. */
  rows(): Promise<PageRow[]>;
  /** The swatch colour of each replica row (`rgb(r, g, b)`), by backend id. */
  swatches(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function openStatusPage(url: string): Promise<StatusPageBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (.ci/run does)`);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    });
    await page.goto(url);
    return {
      page,
      errors,
      rows: () =>
        page.$$eval('#backends tr', (trs) =>
          trs.map((tr) => ({
            backend: tr.getAttribute('data-backend') ?? '',
            role: tr.getAttribute('data-role') ?? '',
            state: tr.getAttribute('data-state') ?? '',
            className: tr.className,
            cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.getAttribute('data-field') ?? '', td.textContent ?? ''])),
          })),
        ),
      swatches: () =>
        page.$$eval('#backends tr[data-role="replica"]', (trs) =>
          // The swatch's inline colour, as the browser normalised it (no DOM lib here: typed by hand).
          Object.fromEntries(
            trs.map((tr) => [tr.getAttribute('data-backend') ?? '', (tr.querySelector('.swatch') as { style: { backgroundColor: string } }).style.backgroundColor]),
          ),
        ),
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

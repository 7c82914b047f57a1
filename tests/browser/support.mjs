// Helpers for the real-browser tests of uti: the server, Chromium, pages,
// accessibility (axe-core), language and keyboard checks.
//
// A test file imports what it needs and calls openPage(); the browser is
// started on first use and closed when the file's tests are done. The server
// is the one run.mjs started (UTI_BASE_URL, UTI_TEST_DATABASE); a file run on
// its own (`node --test overview.test.mjs`) starts its own server.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, waitForHealth, UTI_BIN, CHROMIUM_BIN } from './server.mjs';

export { startServer, waitForHealth, UTI_BIN, CHROMIUM_BIN };

const require = createRequire(import.meta.url);

/** WCAG 2.0 and 2.1, levels A and AA: what checkA11y asks of every page. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Without these Chromium (as root, on a closed network) hangs or phones home.
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

// ---------------------------------------------------------------- server ---

// The server of this test process: run.mjs's, or one started here.
let serverPromise = null;
function server() {
  if (!serverPromise) {
    if (process.env.UTI_BASE_URL) {
      serverPromise = Promise.resolve({
        url: process.env.UTI_BASE_URL.replace(/\/$/, ''),
        database: process.env.UTI_TEST_DATABASE,
        stop: async () => {},
      });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'uti-browser-'));
      serverPromise = startServer({ database: join(dir, 'uti.db') }).then((s) => ({
        ...s,
        stop: async () => {
          await s.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      }));
    }
  }
  return serverPromise;
}

/** The base URL of the server under test, e.g. http://127.0.0.1:41287. */
export async function baseUrl() {
  return (await server()).url;
}

/**
 * The dataset the server shows, as `uti export --format json` of its
 * database: `{ format, network, themes, challenges, initiatives }`.
 */
export async function exportDataset() {
  const { database } = await server();
  assert.ok(database, 'the database of the server is not known (UTI_TEST_DATABASE)');
  const json = execFileSync(UTI_BIN, ['--lang', 'nl', 'export', '--format', 'json', '--database', database], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(json);
}

// --------------------------------------------------------------- browser ---

let browserPromise = null;

/** The shared Chromium of this test file, launched on first use. */
export function browser() {
  if (!browserPromise) {
    if (!existsSync(CHROMIUM_BIN)) {
      throw new Error(`Chromium not found at ${CHROMIUM_BIN}: run scripts/test-browser.sh (installs it) or set CHROMIUM_BIN`);
    }
    browserPromise = chromium.launch({
      executablePath: CHROMIUM_BIN,
      headless: true,
      chromiumSandbox: false,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
  }
  return browserPromise;
}

after(async () => {
  if (browserPromise) await (await browserPromise).close();
  if (serverPromise) await (await serverPromise).stop();
});

/**
 * Opens `path` of the server in a fresh page (own context, Dutch locale,
 * 1280×800) and asserts the HTTP status (`status`, 200 by default). Resolves
 * to the Playwright page; `page.response` is the navigation's response, and
 * `page.browserErrorPage` is true when the server answered an error status
 * with an empty body, so that Chromium shows its own error page instead.
 */
export async function openPage(path, { status = 200, viewport = { width: 1280, height: 800 } } = {}) {
  const url = new URL(path, `${await baseUrl()}/`).href;
  const context = await (await browser()).newContext({ locale: 'nl-NL', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  let navigation = null;
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) navigation = r;
  });
  let response;
  page.browserErrorPage = false;
  try {
    response = await page.goto(url, { waitUntil: 'load' });
  } catch (e) {
    // An error status with an empty body: Chromium replaces it by its own page.
    if (!/ERR_HTTP_RESPONSE_CODE_FAILURE/.test(e.message) || !navigation) throw e;
    response = navigation;
    page.browserErrorPage = true;
  }
  assert.ok(response, `no response for ${url}`);
  assert.equal(response.status(), status, `GET ${path}: expected status ${status}, got ${response.status()}`);
  page.response = response;
  return page;
}

/**
 * A fresh page showing `html` (not from the server): for testing the
 * helpers themselves, or a fragment, without a route for it.
 */
export async function openHtml(html, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await (await browser()).newContext({ locale: 'nl-NL', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

// --------------------------------------------------------------- checks ----

/** `<html lang>` of the page must be `lang`. */
export async function expectLang(page, lang) {
  const actual = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  assert.equal(actual, lang, `<html lang> is ${JSON.stringify(actual)}, expected ${JSON.stringify(lang)}`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the whole page (WCAG 2.0/2.1 A and AA rules) and resolves
 * to its violations: `[{ id, impact, help, helpUrl, nodes: [{ target, failureSummary }] }]`.
 */
export async function a11yViolations(page, { tags = WCAG_TAGS } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  const result = await page.evaluate(
    (values) => window.axe.run(document, { runOnly: { type: 'tag', values } }),
    tags,
  );
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
  }));
}

/** One line per violation and an indented line per offending node. */
export function formatViolations(violations) {
  return violations
    .map(
      (v) =>
        `- ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    at ${JSON.stringify(n.target)}`).join('\n'),
    )
    .join('\n');
}

/** Fails, listing each violation (id, impact, help, target nodes), when axe finds any. */
export async function checkA11y(page, options) {
  const violations = await a11yViolations(page, options);
  if (violations.length) {
    const error = new assert.AssertionError({
      message: `${violations.length} accessibility violation(s) on ${page.url()}:\n${formatViolations(violations)}`,
      actual: violations.map((v) => v.id),
      expected: [],
      operator: 'checkA11y',
    });
    error.violations = violations;
    throw error;
  }
}

/**
 * Tabs through the page from the top and checks the keyboard can use it:
 * every focusable element (visible, enabled, tabindex >= 0) is reached with
 * Tab, and every element that gets focus shows a visible focus indicator
 * (outline or box-shadow, or a style change against the unfocused state) and
 * is inside the viewport. Resolves to the tab order, a list of short
 * descriptions like `a "Initiatieven"`.
 */
export async function checkKeyboard(page, { maxTabs = 500 } = {}) {
  const focusable = await page.evaluate(() => {
    const selector = [
      'a[href]', 'area[href]', 'button', 'input:not([type="hidden"])', 'select', 'textarea',
      'summary', 'iframe', '[tabindex]', '[contenteditable=""]', '[contenteditable="true"]',
      'audio[controls]', 'video[controls]',
    ].join(',');
    const visible = (el) => {
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && el.getClientRects().length > 0;
    };
    const ids = [];
    document.querySelectorAll(selector).forEach((el, i) => {
      if (el.disabled || el.tabIndex < 0 || !visible(el) || el.closest('[inert]')) return;
      if (el.matches('summary') && el.parentElement?.tagName !== 'DETAILS') return;
      el.setAttribute('data-uti-tab', String(i));
      ids.push(String(i));
    });
    return ids;
  });
  const describe = (id) =>
    page.evaluate((id) => {
      const el = document.querySelector(`[data-uti-tab="${id}"]`);
      const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()} ${JSON.stringify(text)}`;
    }, id);

  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const order = [];
  const problems = [];
  const seen = new Set();
  for (let i = 0; i < Math.min(maxTabs, 2 * focusable.length + 10); i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      const focused = getComputedStyle(el);
      const look = (s) => [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.borderColor, s.textDecorationLine].join('|');
      const focusedLook = look(focused);
      const indicator =
        (focused.outlineStyle !== 'none' && parseFloat(focused.outlineWidth) > 0) || focused.boxShadow !== 'none';
      // Compare with the unfocused look: a style change counts as visible focus.
      el.blur();
      const plainLook = look(getComputedStyle(el));
      el.focus({ focusVisible: true });
      const r = el.getBoundingClientRect();
      const inViewport = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
      // Focusable without being in the list (e.g. a scrollable box): name it too.
      const listed = el.hasAttribute('data-uti-tab');
      if (!listed) el.setAttribute('data-uti-tab', `extra${document.querySelectorAll('[data-uti-tab^="extra"]').length}`);
      return {
        id: el.getAttribute('data-uti-tab'),
        listed,
        tag: el.tagName.toLowerCase(),
        visibleFocus: indicator || focusedLook !== plainLook,
        inViewport,
      };
    });
    if (!state) break; // past the last element: focus left the document
    if (seen.has(state.id)) break; // wrapped around
    const name = `${await describe(state.id)}${state.listed ? '' : ' (focusable, not in the list)'}`;
    order.push(name);
    seen.add(state.id);
    if (!state.visibleFocus) problems.push(`no visible focus indicator on ${name}`);
    if (!state.inViewport) problems.push(`${name} has focus but is outside the viewport`);
  }
  for (const id of focusable) {
    if (!seen.has(id)) problems.push(`${await describe(id)} cannot be reached with Tab`);
  }
  await page.evaluate(() => document.querySelectorAll('[data-uti-tab]').forEach((el) => el.removeAttribute('data-uti-tab')));
  assert.deepEqual(problems, [], `keyboard problems on ${page.url()}:\n${problems.join('\n')}\ntab order: ${order.join(' → ')}`);
  return order;
}

// ------------------------------------------------------- expected failure --

/**
 * A known failure, tracked with a TODO: runs `fn` and passes only when it
 * fails, printing the failure as a diagnostic of test `t`. When `fn` passes,
 * the test fails, so the marker is removed as soon as the bug is fixed.
 * With `expect` (a function of the error), a different failure still fails.
 */
export async function expectedFailure(t, reason, fn, { expect } = {}) {
  let error = null;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  if (!error) {
    assert.fail(`expected failure passed (${reason}): remove the expectedFailure() marker`);
  }
  if (expect && !expect(error)) throw error;
  t.diagnostic(`EXPECTED FAILURE (TODO: ${reason}):`);
  for (const line of String(error.message).split('\n')) t.diagnostic(`  ${line}`);
}

// Helpers for the real-browser tests of uti: the server, its users and
// logging in, Chromium, pages, the data behind them, accessibility
// (axe-core), language and keyboard checks.
//
// A test file imports what it needs and calls loggedInPage() (or openPage()
// for what anyone may see); the browser is started on first use and closed
// when the file's tests are done. The server is the one run.mjs started
// (UTI_BASE_URL, UTI_TEST_DATABASE, UTI_DEMO_USER, UTI_DEMO_PASSWORD); a file
// run on its own (`node --test overview.test.mjs`) starts its own server.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
        demo: process.env.UTI_DEMO_PASSWORD
          ? { name: process.env.UTI_DEMO_USER || 'demo', password: process.env.UTI_DEMO_PASSWORD }
          : null,
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

/**
 * The current plot of an initiative of the export, as the app defines it:
 * the `llo` of its most recent session (by date; of sessions on the same
 * date, the last in the file) that has one; null when none has.
 */
export function currentPlot(initiative) {
  const plotted = (initiative.sessions ?? [])
    .map((s, n) => ({ s, n }))
    .filter(({ s }) => s.llo)
    .sort((a, b) => a.s.date.localeCompare(b.s.date) || a.n - b.n);
  return plotted.length ? plotted[plotted.length - 1].s.llo : null;
}

// ----------------------------------------------------------------- users ---

// Users this process knows the password of: name -> password.
const passwords = new Map();

/** The demo administrator the server created on first start: `{ name, password }`. */
export async function demoUser() {
  const { demo } = await server();
  assert.ok(
    demo,
    'the demo administrator\'s password is not known: the server did not report ' +
      '"Demo-beheerder aangemaakt. Log in als: ..." (a database that already had users?), ' +
      'or UTI_DEMO_PASSWORD is not set',
  );
  return demo;
}

/**
 * Adds a user to the server's database with the command line
 * (`uti user add NAME --role ROLE [--initiative ID]... --password-stdin`),
 * as an administrator would, and resolves to the password (random, unless
 * given). `role` is admin, researcher, contact or reader; `initiatives` are
 * the ids a contact speaks for. Names are for the whole run (all test files
 * share one server): use one per file.
 */
export async function addUser(name, role, { initiatives = [], password = `pw-${randomBytes(12).toString('base64url')}` } = {}) {
  const { database } = await server();
  assert.ok(database, 'the database of the server is not known (UTI_TEST_DATABASE)');
  const args = ['--lang', 'nl', '--database', database, 'user', 'add', name, '--role', role];
  for (const id of initiatives) args.push('--initiative', id);
  args.push('--password-stdin');
  try {
    execFileSync(UTI_BIN, args, { input: `${password}\n`, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`uti user add ${name} --role ${role} failed (status ${e.status}): ${(e.stderr || e.message).trim()}`);
  }
  passwords.set(name, password);
  return password;
}

/**
 * `{ name, password }` of `user`: the demo administrator when not given, a
 * name known from addUser() (or the demo's), or such an object itself.
 */
export async function credentials(user) {
  if (user && typeof user === 'object') return user;
  const demo = await demoUser();
  if (user === undefined || user === demo.name) return demo;
  assert.ok(passwords.has(user), `no password known for user ${JSON.stringify(user)}: add the user with addUser() first`);
  return { name: user, password: passwords.get(user) };
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
 * A fresh page in its own context (Dutch locale, 1280×800 unless
 * `viewport`), not logged in unless `storageState` carries a session.
 */
export async function newPage({ viewport = { width: 1280, height: 800 }, storageState } = {}) {
  const context = await (await browser()).newContext({ locale: 'nl-NL', viewport, storageState });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/**
 * Opens `path` of the server in a fresh page (own context, Dutch locale,
 * 1280×800), not logged in, and asserts the HTTP status (`status`, 200 by
 * default) of the page it ends on, after redirects. Resolves to the
 * Playwright page; `page.response` is the navigation's (final) response, and
 * `page.browserErrorPage` is true when the server answered an error status
 * with an empty body, so that Chromium shows its own error page instead.
 */
export async function openPage(path, { status = 200, viewport, storageState } = {}) {
  const page = await newPage({ viewport, storageState });
  await goto(page, path, { status });
  return page;
}

/**
 * Goes to `path` in `page` and asserts the status as openPage() does;
 * resolves to the response (also set as `page.response`).
 */
export async function goto(page, path, { status = 200 } = {}) {
  const url = new URL(path, `${await baseUrl()}/`).href;
  let last = null;
  const onResponse = (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) last = r;
  };
  page.on('response', onResponse);
  let response;
  page.browserErrorPage = false;
  try {
    response = await page.goto(url, { waitUntil: 'load' });
  } catch (e) {
    // An error status with an empty body: Chromium replaces it by its own page.
    if (!/ERR_HTTP_RESPONSE_CODE_FAILURE/.test(e.message) || !last) throw e;
    response = last;
    page.browserErrorPage = true;
  } finally {
    page.off('response', onResponse);
  }
  assert.ok(response, `no response for ${url}`);
  assert.equal(response.status(), status, `GET ${path}: expected status ${status}, got ${response.status()} (at ${page.url()})`);
  page.response = response;
  return response;
}

/**
 * Runs `action` (a click, a key press) that makes the page navigate, and
 * waits until the new page has loaded. Resolves to the last main-frame
 * navigation response (after redirects), also set as `page.response`.
 */
export async function navigation(page, action) {
  let response = null;
  const onResponse = (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) response = r;
  };
  page.on('response', onResponse);
  try {
    await Promise.all([page.waitForEvent('load'), action()]);
  } finally {
    page.off('response', onResponse);
  }
  assert.ok(response, `no page was loaded (at ${page.url()})`);
  page.response = response;
  return response;
}

// ---------------------------------------------------------------- login ----

/**
 * On the login page: types `name` and `password` into the form and presses
 * "Inloggen" (or "Log in"). Resolves to the response of the page it ends on,
 * whatever it is: on success the page of `next`, else the login page again.
 */
export async function submitLogin(page, name, password) {
  await page.locator('#name').fill(name);
  await page.locator('#password').fill(password);
  return navigation(page, () => page.getByRole('button', { name: /^(Inloggen|Log in)$/ }).click());
}

/**
 * Logs `page` in through the login form as `name`, from /login?next=`next`,
 * and asserts that it worked: the browser left the login page. Resolves to
 * the response of the page it ends on (`next`, / by default).
 */
export async function login(page, name, password, { next = '/' } = {}) {
  await goto(page, `/login?next=${encodeURIComponent(next)}`);
  const response = await submitLogin(page, name, password);
  const at = new URL(page.url());
  if (at.pathname === '/login') {
    const problem = await page.locator('[role="alert"]').allInnerTexts();
    assert.fail(`logging in as ${name} failed: still on the login page (status ${response.status()}): ${problem.join(' ') || 'no message'}`);
  }
  return response;
}

// The cookies of a login session per user name, made once per test file.
const sessions = new Map();

/**
 * The browser state (cookies) of `user` logged in (see credentials()), for
 * newPage({ storageState }). Logs in once per user and test file.
 */
export async function sessionState(user) {
  const { name, password } = await credentials(user);
  if (!sessions.has(name)) {
    sessions.set(
      name,
      (async () => {
        const page = await newPage();
        try {
          await login(page, name, password);
          return await page.context().storageState();
        } finally {
          await page.context().close();
        }
      })(),
    );
  }
  return sessions.get(name);
}

/**
 * Opens `path` in a fresh page logged in as `user` (the demo administrator
 * by default; see credentials()) and asserts the status as openPage() does,
 * and that the server did not send the browser to the login page.
 */
export async function loggedInPage(path, { user, status = 200, viewport } = {}) {
  const page = await newPage({ viewport, storageState: await sessionState(user) });
  await goto(page, path, { status });
  const at = new URL(page.url());
  assert.ok(
    at.pathname !== '/login' || path.startsWith('/login'),
    `GET ${path} as ${(await credentials(user)).name}: sent to the login page (${at.pathname}${at.search})`,
  );
  return page;
}

/**
 * GET `path` with the cookies (the login session, the language) of `page`'s
 * context, as a script of the user would; asserts the status (200 by
 * default) and resolves to the parsed JSON.
 */
export async function fetchJson(page, path, { status = 200 } = {}) {
  const response = await page.request.get(new URL(path, `${await baseUrl()}/`).href, { maxRedirects: 0 });
  const text = await response.text();
  assert.equal(response.status(), status, `GET ${path}: expected status ${status}, got ${response.status()}: ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    assert.fail(`GET ${path}: not JSON (${e.message}): ${text.slice(0, 300)}`);
  }
}

/**
 * A fresh page showing `html` (not from the server): for testing the
 * helpers themselves, or a fragment, without a route for it.
 */
export async function openHtml(html, { viewport } = {}) {
  const page = await newPage({ viewport });
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

// --------------------------------------------------------------- checks ----

/**
 * The links of `page` to its own server (`a[href]`, fragments dropped) that
 * do not end on a page that answers 200, fetched with the page's cookies:
 * `[{ href, status, text }]` (a link's path and query, its status, its text).
 */
export async function brokenLinks(page) {
  const base = new URL(await baseUrl());
  const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => ({ href: a.href, text: a.textContent.trim() })));
  const seen = new Map();
  for (const { href, text } of links) {
    const url = new URL(href);
    url.hash = '';
    if (url.origin !== base.origin || seen.has(url.href)) continue;
    seen.set(url.href, text);
  }
  const broken = [];
  for (const [href, text] of seen) {
    const response = await page.request.get(href);
    if (response.status() !== 200) {
      const url = new URL(href);
      broken.push({ href: `${url.pathname}${url.search}`, status: response.status(), text });
    }
  }
  return broken;
}

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
    // Evaluated through the DevTools protocol, which the Content-Security-Policy
    // allows (an inline <script> tag would rightly be refused).
    await page.evaluate(AXE_SOURCE);
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
    // Tab from the top of the page, also when the page put the focus
    // elsewhere (the error summary after a failed save): the starting
    // point of sequential navigation goes with a focused node that is gone.
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
    start.remove();
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

/** How wide the page is against the screen, and what sticks out. */
export async function widths(page) {
  return page.evaluate(() => {
    const screen = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.right <= screen + 1) return false;
        // Inside a box that scrolls by itself: that box is what counts.
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (/(auto|scroll|hidden)/.test(s.overflowX) && p.getBoundingClientRect().right <= screen + 1) return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''} (${Math.round(e.getBoundingClientRect().right)} px)`);
    return { document: document.documentElement.scrollWidth, screen, wide };
  });
}

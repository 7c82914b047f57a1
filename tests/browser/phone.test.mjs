// Every page fits a phone: at 390 px wide (an iPhone 12 to 15) the page
// is no wider than the screen. Wide tables scroll in their own box, charts
// scale to their container, the header navigation folds onto more lines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedInPage, exportDataset, openPage, widths } from './support.mjs';

const PHONE = { width: 390, height: 844 };

async function fits(page, path) {
  const w = await widths(page);
  assert.ok(w.document <= w.screen, `${path} is ${w.document} px wide on a ${w.screen} px screen; sticking out: ${w.wide.join(', ')}`);
  // Charts scale: none wider than the screen.
  for (const svg of await page.locator('main svg').all()) {
    const box = await svg.boundingBox();
    if (box) assert.ok(box.x + box.width <= w.screen + 1, `${path}: a chart runs off the screen (${Math.round(box.x + box.width)} px)`);
  }
}

test('phone: every page of the app is no wider than a 390 px screen', async () => {
  const { initiatives } = await exportDataset();
  const withTwo = initiatives.find((i) => (i.sessions ?? []).length >= 2);
  const paths = [
    '/', '/analyse', '/rapport', '/themas', '/gegevens', '/api/docs',
    '/initiatieven/nieuw',
    ...initiatives.map((i) => `/initiatieven/${encodeURIComponent(i.id)}`),
    `/initiatieven/${withTwo.id}/vergelijk`,
    `/initiatieven/${withTwo.id}/bewerken`,
    `/initiatieven/${withTwo.id}/sessies/0`,
    `/initiatieven/${withTwo.id}/sessies/nieuw`,
    '/bestaat-niet',
  ];
  for (const path of paths) {
    const page = await loggedInPage(path, { viewport: PHONE, status: path === '/bestaat-niet' ? 404 : 200 });
    await fits(page, path);
    await page.context().close();
  }
  const login = await openPage('/login', { viewport: PHONE });
  await fits(login, '/login');
  await login.context().close();
});

test('phone: the header navigation folds and every item stays on the screen', async () => {
  const page = await loggedInPage('/', { viewport: PHONE });
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  for (const link of await nav.getByRole('link').all()) {
    const box = await link.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `menu item ${await link.innerText()} is off the screen`);
  }
  await page.context().close();
});

test('phone: a wide table scrolls in its own box, the page does not', async () => {
  const page = await loggedInPage('/analyse', { viewport: PHONE });
  const scrolls = await page.evaluate(() => [...document.querySelectorAll('main table')].some((t) => {
    for (let e = t; e; e = e.parentElement) {
      if (e.scrollWidth > e.clientWidth + 1 && /(auto|scroll)/.test(getComputedStyle(e).overflowX)) return true;
    }
    return false;
  }));
  assert.ok(scrolls, 'no table of the analysis scrolls by itself at 390 px (is none wider than the screen?)');
  await fits(page, '/analyse');
  await page.context().close();
});

test('phone: the fact-check pages, a personal link and the public part fit 390 px', async () => {
  const { initiatives } = await exportDataset();
  const admin = await loggedInPage('/', { viewport: PHONE });
  // A round of one portrait, and a personal link, through the API.
  const made = await admin.evaluate(async (id) => {
    const me = await (await fetch('/api/me')).json();
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token };
    const round = await (await fetch('/api/checks/rounds', { method: 'POST', headers, body: JSON.stringify({ initiative: id, closes_on: '2027-01-15' }) })).json();
    const check = round.checks[0].id;
    const link = await (await fetch(`/api/checks/${check}/links`, { method: 'POST', headers, body: '{}' })).json();
    return { round: round.round.id, check, link: new URL(link.url).pathname };
  }, initiatives[0].id);
  await admin.context().close();
  for (const path of ['/checks', '/checks/nieuw', `/checks/ronde/${made.round}`, `/checks/portret/${made.check}`]) {
    const page = await loggedInPage(path, { viewport: PHONE });
    await fits(page, path);
    await page.context().close();
  }
  for (const path of [made.link, '/openbaar', '/openbaar/cijfers']) {
    const page = await openPage(path, { viewport: PHONE });
    await fits(page, path);
    await page.context().close();
  }
});

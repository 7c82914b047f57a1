// The analysis page `/analyse`: the analysis across initiatives, recomputed
// with filters; its figures checked against the JSON API (/api/analysis)
// with the same filters, fetched with the logged-in user's cookies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedInPage, navigation, fetchJson, expectLang, checkA11y, checkKeyboard } from './support.mjs';

/** The status line "N initiatieven, waarvan P met een plot; S sessies." as numbers. */
async function statusLine(page) {
  const text = (await page.getByRole('status').innerText()).trim();
  const m = text.match(/^(\d+) initiatieven, waarvan (\d+) met een plot; (\d+) sessies\.$/);
  assert.ok(m, `status line ${JSON.stringify(text)} is not "N initiatieven, waarvan P met een plot; S sessies."`);
  return { initiatives_total: Number(m[1]), initiatives_plotted: Number(m[2]), sessions: Number(m[3]) };
}

const figures = (a) => ({ initiatives_total: a.initiatives_total, initiatives_plotted: a.initiatives_plotted, sessions: a.sessions });

/** The table "Gebruik per type, in cijfers" as [label, count, extensive] rows. */
async function usageTable(page) {
  return page
    .getByRole('table', { name: 'Gebruik per type, in cijfers' })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
}

/** Presses "Opnieuw berekenen" and waits for the new page. */
async function recompute(page) {
  const response = await navigation(page, () => page.getByRole('button', { name: 'Opnieuw berekenen' }).click());
  assert.equal(response.status(), 200, `recomputing: status ${response.status()} at ${page.url()}`);
}

test('analysis: in Dutch, the figures of the status line are those of /api/analysis', async () => {
  const page = await loggedInPage('/analyse');
  await expectLang(page, 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Analyse van het netwerk');
  const api = await fetchJson(page, '/api/analysis');
  assert.equal(api.format, 'uti-analysis/1');
  assert.deepEqual(await statusLine(page), figures(api));
  // The usage table: one row per type, with the API's counts.
  const rows = await usageTable(page);
  assert.deepEqual(
    rows.map(([, count, extensive]) => [count, extensive]),
    Object.values(api.usage).map((u) => [String(u.count), String(u.extensive)]),
  );
  // The usage chart and the heat map are images with a text alternative.
  assert.equal(await page.locator('main figure').getByRole('img', { name: /\S/ }).count(), 2, 'usage chart and heat map');
});

test('analysis: in English (?lang=en), the same figures, no axe violations', async () => {
  const page = await loggedInPage('/analyse?lang=en');
  await expectLang(page, 'en');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Analysis of the network');
  const api = figures(await fetchJson(page, '/api/analysis'));
  const text = (await page.getByRole('status').innerText()).trim();
  assert.equal(text, `${api.initiatives_total} initiatives, ${api.initiatives_plotted} with a plot; ${api.sessions} sessions.`);
  await checkA11y(page);
});

test('analysis: no WCAG 2.1 A/AA violations (axe-core)', async () => {
  const page = await loggedInPage('/analyse');
  await checkA11y(page);
});

test('analysis: every focusable element is reached with Tab and shows focus', async () => {
  const page = await loggedInPage('/analyse');
  await checkKeyboard(page);
});

test('analysis: choosing a session kind recomputes the figures, as /api/analysis?soort= does', async () => {
  const page = await loggedInPage('/analyse');
  const all = figures(await fetchJson(page, '/api/analysis'));
  const kinds = (await page.locator('#soort option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  assert.ok(kinds.length >= 2, `session kinds offered: ${kinds.join(', ')}`);
  let total = 0;
  for (const kind of kinds) {
    await page.locator('#soort').selectOption(kind);
    await recompute(page);
    assert.equal(new URL(page.url()).searchParams.get('soort'), kind);
    assert.equal(await page.locator('#soort').inputValue(), kind, 'the filter keeps its choice');
    const api = await fetchJson(page, `/api/analysis?soort=${encodeURIComponent(kind)}`);
    const shown = await statusLine(page);
    assert.deepEqual(shown, figures(api), `soort=${kind}`);
    assert.notDeepEqual(shown, all, `soort=${kind} changes nothing`);
    assert.deepEqual(
      (await usageTable(page)).map(([, count, extensive]) => [count, extensive]),
      Object.values(api.usage).map((u) => [String(u.count), String(u.extensive)]),
      `soort=${kind}: usage table`,
    );
    total += shown.sessions;
  }
  // Every session is of one kind.
  assert.equal(total, all.sessions, 'the sessions of all kinds add up to all sessions');
});

test('analysis: a bad date in "Van" shows an error, and the page still renders', async () => {
  const page = await loggedInPage('/analyse');
  const all = figures(await fetchJson(page, '/api/analysis'));
  await page.getByLabel('Van (dd-mm-jjjj)').fill('2024-13-45');
  await recompute(page);
  const alert = page.getByRole('alert');
  assert.equal(await alert.count(), 1, 'no error (role=alert)');
  assert.match(await alert.innerText(), /2024-13-45.*geen bestaande datum; schrijf bijvoorbeeld 15-01-2027 of 2027-01-15\./);
  assert.equal(await page.locator('#van').getAttribute('aria-describedby'), await alert.getAttribute('id'), '#van is not described by the error');
  assert.equal(await page.locator('#van').inputValue(), '2024-13-45', 'the field keeps what was typed');
  // The rest of the page: the unfiltered analysis.
  assert.equal((await page.locator('h1').innerText()).trim(), 'Analyse van het netwerk');
  assert.deepEqual(await statusLine(page), all);
  assert.ok((await page.locator('main h2').count()) >= 4, 'the sections of the analysis are missing');
  await checkA11y(page);
  // The API refuses the same date with 400.
  const error = await fetchJson(page, '/api/analysis?van=2024-13-45', { status: 400 });
  assert.equal(error?.error?.status, 400);
});

test('analysis: a bad date in "Tot en met" is tied to that field', async () => {
  const page = await loggedInPage('/analyse');
  await page.getByLabel('Tot en met (dd-mm-jjjj)').fill('31-02-2024');
  await recompute(page);
  const alert = page.getByRole('alert');
  assert.equal(await alert.count(), 1, 'no error (role=alert)');
  assert.match(await alert.innerText(), /^Tot en met: .*31-02-2024.*geen bestaande datum/);
  const id = await alert.getAttribute('id');
  assert.equal(await page.locator('#tot').getAttribute('aria-describedby'), id, '#tot is not described by the error about it');
  assert.equal(await page.locator('#tot').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#van').getAttribute('aria-describedby'), null, '#van (a good, empty date) is described by the error about #tot');
});

test('analysis: a period recomputes the figures, as /api/analysis?van=&tot= does', async () => {
  const page = await loggedInPage('/analyse');
  const all = figures(await fetchJson(page, '/api/analysis'));
  await page.locator('#van').fill('2024-01-01');
  await page.locator('#tot').fill('2024-12-31');
  await recompute(page);
  assert.equal(await page.getByRole('alert').count(), 0, 'an error for good dates');
  const api = figures(await fetchJson(page, '/api/analysis?van=2024-01-01&tot=2024-12-31'));
  assert.deepEqual(await statusLine(page), api);
  assert.ok(api.sessions < all.sessions, 'the period 2024 does not narrow the sessions');
  // The same period written day first, as a Dutch user writes it.
  await page.locator('#van').fill('1-1-2024');
  await page.locator('#tot').fill('31-12-2024');
  await recompute(page);
  assert.equal(await page.getByRole('alert').count(), 0, 'an error for dates written day first');
  assert.deepEqual(await statusLine(page), api);
});

test('analysis: a table of contents at the top, the report downloads below the filters', async () => {
  const page = await loggedInPage('/analyse');
  const toc = page.getByRole('navigation', { name: 'Op deze pagina' });
  const links = toc.getByRole('link');
  assert.ok((await links.count()) >= 5, 'a table of contents with the sections');
  for (const link of await links.all()) {
    const target = (await link.getAttribute('href')).slice(1);
    assert.equal(await page.locator(`[id="${target}"]`).count(), 1, `the contents link to #${target} leads nowhere`);
  }
  const top = async (locator) => (await locator.first().boundingBox()).y;
  const tocY = await top(toc);
  const filtersY = await top(page.locator('form.filters'));
  const downloadsY = await top(page.getByRole('link', { name: /^Rapport downloaden: / }));
  assert.ok(tocY < filtersY, 'the contents come before the filters');
  assert.ok(filtersY < downloadsY, 'the downloads come below the filters');
});

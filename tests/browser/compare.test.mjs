// The design comparison, `/initiatieven/{id}/vergelijk`: opened from the
// initiative page, two sessions chosen with the keyboard, the scores and
// their change checked against the data (the export of the server's
// database), axe-clean in Dutch and English.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedInPage, exportDataset, navigation, expectLang, checkA11y, checkKeyboard } from './support.mjs';

const TYPES = ['opleiden', 'community', 'waarderen-certificeren', 'matching', 'loopbaanbegeleiding'];

/** Session indexes by date (file order breaks ties). */
const byDate = (sessions) =>
  sessions
    .map((s, n) => ({ s, n }))
    .sort((a, b) => a.s.date.localeCompare(b.s.date) || a.n - b.n)
    .map(({ n }) => n);

/** The default pair by its definition: first intended design and last design in action, else the two most recent. */
function defaultPair(sessions) {
  const order = byDate(sessions);
  const intended = order.find((n) => sessions[n].kind === 'beoogd-ontwerp');
  const inAction = [...order].reverse().find((n) => sessions[n].kind === 'ontwerp-in-actie');
  if (intended !== undefined && inAction !== undefined) return [intended, inAction];
  return order.slice(-2);
}

/** The initiatives of the export with at least `min` sessions, most sessions first. */
async function withSessions(min) {
  const { initiatives } = await exportDataset();
  return initiatives.filter((i) => (i.sessions ?? []).length >= min).sort((a, b) => b.sessions.length - a.sessions.length);
}

/** The score table as rows [a, b, change] (type labels dropped: the order is fixed). */
async function scoreRows(page, caption) {
  const table = page.getByRole('table', { name: caption });
  assert.equal(await table.count(), 1, `no table "${caption}"`);
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
      changed: tr.classList.contains('changed'),
    })),
  );
}

/** What the table should say for sessions a and b of an initiative. */
function expectedRows(initiative, a, b, same = 'gelijk') {
  const [pa, pb] = [initiative.sessions[a].llo, initiative.sessions[b].llo];
  return TYPES.map((t) => {
    const [x, y] = [pa?.[t], pb?.[t]];
    const known = x !== undefined && y !== undefined;
    const d = known ? y - x : null;
    const change = !known ? null : d === 0 ? same : d > 0 ? `+${d}` : `−${-d}`;
    return { cells: [x === undefined ? '–' : String(x), y === undefined ? '–' : String(y), change], changed: known && d !== 0 };
  });
}

function checkRows(actual, expected, what) {
  assert.equal(actual.length, 5, `${what}: five types`);
  expected.forEach((row, n) => {
    assert.deepEqual(actual[n].cells.slice(0, 2), row.cells.slice(0, 2), `${what}: scores of ${TYPES[n]}`);
    if (row.cells[2] !== null) assert.equal(actual[n].cells[2], row.cells[2], `${what}: change of ${TYPES[n]}`);
    assert.equal(actual[n].changed, row.changed, `${what}: highlight of ${TYPES[n]}`);
  });
}

test('compare: the initiative page links to the comparison, which shows the default pair', async () => {
  const [initiative] = await withSessions(2);
  assert.ok(initiative, 'no initiative with two sessions in the demo network');
  const page = await loggedInPage(`/initiatieven/${initiative.id}`);
  const link = page.getByRole('link', { name: 'Vergelijk ontwerpen' });
  assert.equal(await link.count(), 1, 'no link "Vergelijk ontwerpen"');
  const response = await navigation(page, () => link.click());
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, `/initiatieven/${initiative.id}/vergelijk`);
  await expectLang(page, 'nl');
  const [a, b] = defaultPair(initiative.sessions);
  assert.equal(await page.getByLabel('Eerste sessie (A)').inputValue(), String(a));
  assert.equal(await page.getByLabel('Tweede sessie (B)').inputValue(), String(b));
  // The options are the sessions, by date, as "date — kind".
  const options = await page.locator('#a option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, byDate(initiative.sessions).map(String));
  checkRows(await scoreRows(page, 'Scores per type: A, B en verschil'), expectedRows(initiative, a, b), `${initiative.id} ${a}/${b}`);
  const chart = page.locator('main figure').getByRole('img', { name: /\S/ });
  assert.equal(await chart.count(), initiative.sessions[a].llo && initiative.sessions[b].llo ? 1 : 0, 'the radar of both plots');
  // Every level has a heading (h3) under the h2 of the chains.
  const h3 = (await page.locator('main h3').allInnerTexts()).map((t) => t.trim().toLowerCase());
  for (const level of ['doelgroep', 'werkgevers', 'regio']) assert.ok(h3.some((h) => h.startsWith(level)), `no heading for ${level}: ${h3}`);
  // Initiatives with fewer than two sessions have no such link.
  const { initiatives } = await exportDataset();
  const few = initiatives.find((i) => (i.sessions ?? []).length < 2);
  if (few) {
    const other = await loggedInPage(`/initiatieven/${few.id}`);
    assert.equal(await other.getByRole('link', { name: 'Vergelijk ontwerpen' }).count(), 0, `${few.id}: a link to compare fewer than two sessions`);
    await other.context().close();
  }
});

test('compare: other sessions are chosen with the keyboard, and the shown changes follow the data', async () => {
  const [initiative] = await withSessions(3);
  assert.ok(initiative, 'no initiative with three sessions in the demo network');
  const page = await loggedInPage(`/initiatieven/${initiative.id}/vergelijk`);
  const order = byDate(initiative.sessions).map(String);
  const [selectA, selectB] = [page.getByLabel('Eerste sessie (A)'), page.getByLabel('Tweede sessie (B)')];
  // A: the latest session (End); B: the earliest (Home). Tab moves on; Enter on the button submits.
  await selectA.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'b', 'Tab from select A does not reach select B');
  await page.keyboard.press('Home');
  const [a, b] = [await selectA.inputValue(), await selectB.inputValue()];
  assert.deepEqual([a, b], [order.at(-1), order[0]], 'the keys did not choose the sessions');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent.trim()), 'Vergelijk', 'Tab from select B does not reach the button');
  const response = await navigation(page, () => page.keyboard.press('Enter'));
  assert.equal(response.status(), 200);
  const url = new URL(page.url());
  assert.deepEqual([url.searchParams.get('a'), url.searchParams.get('b')], [a, b]);
  assert.equal(await selectA.inputValue(), a, 'select A after submitting');
  assert.equal(await selectB.inputValue(), b, 'select B after submitting');
  checkRows(await scoreRows(page, 'Scores per type: A, B en verschil'), expectedRows(initiative, Number(a), Number(b)), `${initiative.id} ${a}/${b}`);
  // Added and dropped interventions are marked in words as well as by ins/del.
  for (const el of await page.locator('main ins').all()) {
    assert.match(await el.locator('xpath=..').innerText(), /^toegevoegd: /);
  }
  for (const el of await page.locator('main del').all()) {
    assert.match(await el.locator('xpath=..').innerText(), /^vervallen: /);
  }
  await checkKeyboard(page);
});

test('compare: no WCAG 2.1 A/AA violations (axe-core) in Dutch and in English', async () => {
  const [initiative] = await withSessions(2);
  const page = await loggedInPage(`/initiatieven/${initiative.id}/vergelijk`);
  await checkA11y(page);
  await page.context().close();
  const en = await loggedInPage(`/initiatieven/${initiative.id}/vergelijk?lang=en`);
  await expectLang(en, 'en');
  assert.equal((await en.getByRole('button', { name: 'Compare' }).count()), 1);
  const [a, b] = defaultPair(initiative.sessions);
  checkRows(await scoreRows(en, 'Scores per type: A, B and change'), expectedRows(initiative, a, b, 'same'), `${initiative.id} in English`);
  await checkA11y(en);
  await en.context().close();
});

test('compare: with one session it says a comparison needs two, links back, and is axe-clean', async () => {
  const { initiatives } = await exportDataset();
  const one = initiatives.find((i) => (i.sessions ?? []).length === 1);
  assert.ok(one, 'no initiative with exactly one session in the demo network');
  const page = await loggedInPage(`/initiatieven/${one.id}/vergelijk`);
  assert.match(await page.locator('main').innerText(), /Er is maar één sessie; een vergelijking heeft er twee nodig\./);
  assert.equal(await page.locator('select').count(), 0);
  const back = page.getByRole('link', { name: `Terug naar ${one.name}` });
  assert.equal(await back.count(), 1);
  await checkA11y(page);
  await navigation(page, () => back.click());
  assert.equal(new URL(page.url()).pathname, `/initiatieven/${one.id}`);
});

test('compare: a bad session number is a Dutch 400 page, an unknown initiative a 404', async () => {
  const [initiative] = await withSessions(2);
  const page = await loggedInPage(`/initiatieven/${initiative.id}/vergelijk?a=x`, { status: 400 });
  await expectLang(page, 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Ongeldige invoer');
  assert.match(await page.locator('main').innerText(), /is geen sessie van dit initiatief/);
  await checkA11y(page);
  await page.context().close();
  const missing = await loggedInPage('/initiatieven/bestaat-niet/vergelijk', { status: 404 });
  assert.equal((await missing.locator('h1').innerText()).trim(), 'Niet gevonden');
});

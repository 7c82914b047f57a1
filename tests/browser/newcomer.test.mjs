// What a new user meets in the forms: an id made from the name, required
// fields marked, plain-Dutch messages, focus on the error summary after a
// failed save, dates written day first, the website as a link, a new
// session taken over from the previous one, and a favicon.
// Uses its own initiative `nieuwkomer-...`; nothing of the example changes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedInPage, navigation, exportDataset, checkA11y, baseUrl } from './support.mjs';

const NAME = 'Nieuwkomer Één Leerroute';
const ID = 'nieuwkomer-een-leerroute';
const create = (page) => navigation(page, () => page.getByRole('button', { name: 'Initiatief aanmaken' }).click());

test('newcomer: a new initiative gets its id from its name, required fields are marked, errors in plain Dutch with the focus on them', async () => {
  const page = await loggedInPage('/initiatieven/nieuw');
  for (const label of ['Naam', 'Id']) {
    const input = page.getByLabel(label, { exact: true });
    assert.equal(await input.getAttribute('aria-required'), 'true', `${label} is not marked required`);
    const id = await input.getAttribute('id');
    assert.equal((await page.locator(`label[for="${id}"] + .required`).innerText()).trim(), '(verplicht)', `${label}: no visible mark`);
  }
  // Saved empty: the summary has the focus and speaks plainly.
  await create(page);
  const summary = page.locator('.error-summary');
  assert.ok(await summary.isVisible(), 'no error summary');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'fouten', 'the focus is not on the error summary');
  const text = await summary.innerText();
  assert.match(text, /Vul een naam in\./);
  assert.ok(!text.includes('`'), `backticks in: ${text}`);
  await checkA11y(page);
  // The id follows the name while typing; a bad website is refused.
  await page.getByLabel('Naam', { exact: true }).fill(NAME);
  assert.equal(await page.getByLabel('Id', { exact: true }).inputValue(), ID, 'the id is not made from the name');
  await page.getByLabel('Website', { exact: true }).fill('niet een url');
  await create(page);
  assert.match(await page.locator('.error-summary').innerText(), /‘niet een url’ is geen webadres; schrijf het volledige adres/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'fouten');
  assert.ok(!(await exportDataset()).initiatives.some((i) => i.id === ID), 'stored with an error');
  // A real address: created, and the page links to it.
  await page.getByLabel('Website', { exact: true }).fill('https://example.org/nieuwkomer');
  await create(page);
  assert.equal(new URL(page.url()).pathname, `/initiatieven/${ID}`);
  const link = page.getByRole('link', { name: 'https://example.org/nieuwkomer' });
  assert.equal(await link.getAttribute('href'), 'https://example.org/nieuwkomer');
});

test('newcomer: in English the errors say "Error:" to a screen reader', async () => {
  const page = await loggedInPage('/initiatieven/nieuw');
  await navigation(page, () => page.getByRole('button', { name: 'English' }).click());
  await navigation(page, () => page.getByRole('button', { name: 'Create the initiative' }).click());
  const hidden = await page.locator('p.error .sr-only').allInnerTexts();
  assert.ok(hidden.length > 0, 'no error beside a field');
  for (const h of hidden) assert.equal(h.trim(), 'Error:');
  assert.match(await page.locator('.error-summary').innerText(), /Enter a name\./);
});

test('newcomer: a session dated 15-01-2027 is stored as 2027-01-15; a new one can start from it, marked as taken over', async () => {
  const page = await loggedInPage(`/initiatieven/${ID}/sessies/nieuw`);
  assert.equal(await page.getByLabel('Datum', { exact: true }).getAttribute('aria-required'), 'true');
  await page.getByLabel('Datum', { exact: true }).fill('15-01-2027');
  await page.getByLabel('Aantal deelnemers (geen namen)', { exact: true }).fill('zes');
  await navigation(page, () => page.locator('form div.buttons').getByRole('button', { name: 'Opslaan', exact: true }).click());
  assert.match(await page.locator('.error-summary').innerText(), /Vul een aantal in, bijvoorbeeld 6\./);
  assert.equal(await page.getByLabel('Datum', { exact: true }).inputValue(), '15-01-2027', 'the date as typed is kept');
  await page.getByLabel('Aantal deelnemers (geen namen)', { exact: true }).fill('6');
  await navigation(page, () => page.getByRole('button', { name: 'Keten toevoegen' }).click());
  const chain = page.getByRole('group', { name: 'Keten 1', exact: true });
  await chain.getByLabel('Context (C)', { exact: true }).fill('Nieuwkomers kennen de weg niet.');
  await chain.getByLabel('Interventies (I)', { exact: true }).fill('Maatje');
  const scores = ['2', '1', '0', '1', '2'];
  const plot = page.locator('fieldset.plot');
  for (let n = 0; n < 5; n += 1) await plot.nth(n).getByLabel(scores[n], { exact: true }).check();
  await navigation(page, () => page.locator('form div.buttons').getByRole('button', { name: 'Opslaan', exact: true }).click());
  let mine = (await exportDataset()).initiatives.find((i) => i.id === ID);
  assert.equal(mine.sessions.length, 1);
  assert.equal(mine.sessions[0].date, '2027-01-15', 'a day-first date is not stored as ISO');

  // Start the next session from this one.
  await navigation(page, () => page.getByRole('link', { name: 'Sessie toevoegen vanuit de vorige' }).click());
  assert.match(await page.getByRole('status').first().innerText(), /begint met de plot, het werkplekleren en de ketens van de sessie van 15 januari 2027/);
  for (let n = 0; n < 5; n += 1) assert.ok(await plot.nth(n).getByLabel(scores[n], { exact: true }).isChecked(), `score ${n} not taken over`);
  const taken = page.getByRole('group', { name: /^Keten 1/ });
  assert.match(await taken.locator('legend').first().innerText(), /overgenomen/);
  assert.equal(await taken.getByLabel('Context (C)', { exact: true }).inputValue(), 'Nieuwkomers kennen de weg niet.');
  assert.match(await page.locator('section', { has: page.locator('#plot-kop') }).innerText(), /De plot is overgenomen uit de sessie van 15 januari 2027/);
  await checkA11y(page);
  // What changed is what the researcher edits; the rest comes along.
  await page.getByLabel('Datum', { exact: true }).fill('1-6-2027');
  await plot.nth(1).getByLabel('2', { exact: true }).check();
  await navigation(page, () => page.locator('form div.buttons').getByRole('button', { name: 'Opslaan', exact: true }).click());
  mine = (await exportDataset()).initiatives.find((i) => i.id === ID);
  assert.equal(mine.sessions.length, 2);
  const [first, second] = mine.sessions;
  assert.equal(second.date, '2027-06-01');
  assert.equal(second.kind, 'ontwerp-in-actie');
  assert.deepEqual(second.cimo, first.cimo, 'the chains are not taken over');
  assert.deepEqual({ ...second.llo, community: first.llo.community }, first.llo, 'the other scores are not taken over');
  assert.equal(second.llo.community, 2);
  assert.equal(second.participants, undefined, 'participants were copied');
});

test('newcomer: the favicon is served (no 404) under a hashed name, and at /favicon.ico', async () => {
  const page = await loggedInPage('/');
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  assert.match(href, /^\/static\/favicon\.[0-9a-f]{12}\.svg$/);
  for (const path of [href, '/favicon.ico']) {
    const r = await page.request.get(new URL(path, `${await baseUrl()}/`).href);
    assert.equal(r.status(), 200, `${path}: ${r.status()}`);
    assert.match(r.headers()['content-type'], /image\/svg\+xml/);
  }
  const failed = [];
  page.on('response', (r) => { if (r.status() === 404) failed.push(r.url()); });
  await page.reload();
  assert.deepEqual(failed, [], 'a 404 while loading the page');
});

// The regional landscape in a real browser: every page of it axe-clean and
// no wider than a phone; the search box in the header finding Dutch word
// forms with the words marked; a node of the network map opening its page;
// a researcher recording a relation between two initiatives (and removing
// it again) and moving an activity of the agenda on (and back). Checked
// against the export of the server's database and the JSON API.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  loggedInPage, navigation, exportDataset, fetchJson, checkA11y, checkKeyboard, widths,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };

async function landscapePaths() {
  const dataset = await exportDataset();
  const org = (dataset.organisations ?? [])[0];
  assert.ok(org, 'the example network has organisations');
  const initiative = dataset.initiatives[0];
  return [
    '/landschap', '/landschap/kaart', '/landschap/dekking', '/landschap/overlap',
    '/landschap/peers', '/landschap/agenda', '/landschap/agenda?per=status',
    `/landschap/organisaties/${org.id}`, `/initiatieven/${initiative.id}/landschap`,
    '/zoeken?q=werkgevers',
  ];
}

test('landscape: every page is free of WCAG 2.1 A/AA violations and fits a 390 px screen', async () => {
  for (const path of await landscapePaths()) {
    const page = await loggedInPage(path);
    await checkA11y(page);
    await page.context().close();
    const phone = await loggedInPage(path, { viewport: PHONE });
    const w = await widths(phone);
    assert.ok(w.document <= w.screen, `${path} is ${w.document} px wide on a ${w.screen} px screen; sticking out: ${w.wide.join(', ')}`);
    await phone.context().close();
  }
});

test('landscape: the agenda and the relation form work with the keyboard', async () => {
  const { initiatives } = await exportDataset();
  for (const path of ['/landschap/agenda', `/initiatieven/${initiatives[0].id}/landschap`]) {
    const page = await loggedInPage(path);
    await checkKeyboard(page);
    await page.context().close();
  }
});

test('landscape: the header search finds Dutch word forms and marks the words', async () => {
  const page = await loggedInPage('/');
  const box = page.locator('header form.search input[name=q]');
  await box.fill('werkgever');
  await navigation(page, () => box.press('Enter'));
  assert.match(page.url(), /\/zoeken\?q=werkgever$/);
  const api = await fetchJson(page, '/api/search?q=werkgever');
  assert.ok(api.total > 0, 'the example network speaks of werkgevers');
  assert.ok(api.keys.length === 1);
  // "werkgever" finds "werkgevers": the marked words include the plural.
  const marked = (await page.locator('main mark').allInnerTexts()).map((t) => t.toLowerCase());
  assert.ok(marked.length > 0, 'words are marked');
  assert.ok(marked.some((t) => t === 'werkgevers'), `marked: ${marked.slice(0, 10).join(', ')}`);
  // Every hit of the API is a link on the page, grouped by kind.
  for (const hit of api.results.slice(0, 5)) {
    assert.ok(await page.locator(`main a[href="${hit.url}"]`).count() > 0, `${hit.url} is on the page`);
  }
  await page.context().close();
});

test('landscape: a node of the network map opens its page', async () => {
  const page = await loggedInPage('/landschap/kaart');
  const nodes = page.locator('main svg a');
  assert.ok(await nodes.count() > 0, 'the map has nodes');
  const href = await nodes.first().getAttribute('href');
  await navigation(page, () => nodes.first().click());
  assert.equal(new URL(page.url()).pathname, href.split('?')[0].split('#')[0]);
  assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
  await page.context().close();
});

test('landscape: a researcher records a relation and removes it again', async () => {
  const dataset = await exportDataset();
  const related = new Set((dataset.relations ?? []).map((r) => `${r.from}>${r.to}`));
  const list = dataset.initiatives;
  const n = list.findIndex((x, k) => k + 1 < list.length && !related.has(`${x.id}>${list[k + 1].id}`));
  const [a, b] = [list[n], list[n + 1]];
  const page = await loggedInPage(`/initiatieven/${a.id}/landschap`);
  await page.getByLabel('Dit initiatief').selectOption('bouwt-voort-op');
  await page.getByLabel('Ander initiatief (naam of id)').fill(b.name);
  await page.getByLabel('Toelichting (optioneel)').fill('Uit de browsertest');
  await navigation(page, () => page.getByRole('button', { name: 'Relatie toevoegen' }).click());
  const section = page.locator('section[aria-labelledby="relaties"]');
  assert.match(await section.innerText(), new RegExp(`bouwt voort op ${b.name}`));
  const stored = (await exportDataset()).relations.find((r) => r.from === a.id && r.to === b.id);
  assert.deepEqual(stored, { from: a.id, to: b.id, kind: 'bouwt-voort-op', note: 'Uit de browsertest' });
  // An unknown initiative is refused beside the field, the input kept.
  await page.getByLabel('Ander initiatief (naam of id)').fill('Bestaat nergens');
  await navigation(page, () => page.getByRole('button', { name: 'Relatie toevoegen' }).click());
  assert.match(await page.getByRole('alert').innerText(), /Er is geen initiatief met de naam of id ‘Bestaat nergens’/);
  assert.equal(await page.getByLabel('Ander initiatief (naam of id)').inputValue(), 'Bestaat nergens');
  // Removed again.
  const item = section.locator('li', { hasText: b.name }).filter({ hasText: 'Uit de browsertest' });
  await navigation(page, () => item.getByRole('button', { name: 'Verwijderen' }).click());
  assert.ok(!(await exportDataset()).relations?.some((r) => r.from === a.id && r.to === b.id && r.kind === 'bouwt-voort-op'));
  await page.context().close();
});

test('landscape: a researcher moves an activity on in the agenda, and back', async () => {
  const { agenda } = await exportDataset();
  const activity = agenda.activities[0];
  const page = await loggedInPage('/landschap/agenda?per=status');
  const row = page.locator(`#activiteit-${activity.id}`);
  const other = activity.status === 'afgerond' ? 'lopend' : 'afgerond';
  await row.getByLabel(`Status van ${activity.name}`).selectOption(other);
  await navigation(page, () => row.getByRole('button', { name: 'Opslaan' }).click());
  const now = (await exportDataset()).agenda.activities.find((x) => x.id === activity.id);
  assert.equal(now.status, other);
  const moved = page.locator(`#activiteit-${activity.id}`);
  assert.equal(await moved.getByLabel(`Status van ${activity.name}`).inputValue(), other);
  await moved.getByLabel(`Status van ${activity.name}`).selectOption(activity.status);
  await navigation(page, () => moved.getByRole('button', { name: 'Opslaan' }).click());
  assert.equal((await exportDataset()).agenda.activities.find((x) => x.id === activity.id).status, activity.status);
  await page.context().close();
});

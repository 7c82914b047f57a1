// The overview page `/`: the network, its key figures and its initiatives,
// searchable and filterable; what a logged-in user sees, checked against
// the data (the export of the server's database).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  loggedInPage, navigation, exportDataset, currentPlot, fetchJson,
  expectLang, checkA11y, checkKeyboard,
} from './support.mjs';

/** Initiatives per page of the overview. */
const PAGE = 50;

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sorted = (list) => [...list].sort();

/** The initiatives the page lists, as `{ id, name }` from the cards' links. */
async function listed(page) {
  const links = page.locator('ul.cards li h3 a');
  return (await links.evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), name: a.textContent.trim() })))).map(
    ({ href, name }) => {
      assert.match(href, /^\/initiatieven\/[^/]+$/, `card link ${href}`);
      return { id: decodeURIComponent(href.slice('/initiatieven/'.length)), name };
    },
  );
}

/** The status line "N van M initiatieven" as `[N, M]`. */
async function statusCounts(page) {
  const text = (await page.getByRole('status').innerText()).trim();
  const m = text.match(/^(\d+) (?:van|of) (\d+) initiati(?:even|ves)$/);
  assert.ok(m, `status line ${JSON.stringify(text)} is not "N van M initiatieven"`);
  return [Number(m[1]), Number(m[2])];
}

/** Presses "Filteren" and waits for the filtered page. */
async function filter(page) {
  const response = await navigation(page, () => page.getByRole('button', { name: 'Filteren' }).click());
  assert.equal(response.status(), 200, `filtering: status ${response.status()} at ${page.url()}`);
}

/** Asserts that the page lists exactly `expected` (initiatives of the export) and says so. */
async function expectListed(page, expected, total, what) {
  const shown = await listed(page);
  assert.deepEqual(sorted(shown.map((i) => i.id)), sorted(expected.map((i) => i.id)), `${what}: listed initiatives`);
  for (const i of expected) {
    assert.equal(shown.find((s) => s.id === i.id).name, i.name, `${what}: name on the card of ${i.id}`);
  }
  assert.deepEqual(await statusCounts(page), [expected.length, total], `${what}: status line`);
}

test('overview: in Dutch, with the network as heading and the fictional-network notice', async () => {
  const { network } = await exportDataset();
  const page = await loggedInPage('/');
  await expectLang(page, 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), network);
  assert.match(await page.title(), new RegExp(escape(network)));
  if (/fictief/i.test(network)) {
    assert.match(await page.locator('main').innerText(), /Fictief voorbeeldnetwerk/);
  }
});

test('overview: the key figures match the analysis', async () => {
  const { initiatives } = await exportDataset();
  const page = await loggedInPage('/');
  const analysis = await fetchJson(page, '/api/analysis');
  const table = page.getByRole('table', { name: 'Kerncijfers van het netwerk' });
  const figure = async (label) => Number((await table.getByRole('row', { name: label }).locator('td').innerText()).trim());
  assert.equal(await figure(/^Initiatieven\b/), initiatives.length);
  assert.equal(await figure(/^Met een plot\b/), analysis.initiatives_plotted);
  assert.equal(await figure(/^Sessies\b/), analysis.sessions);
  // The usage chart is there, as an image with a text alternative.
  const chart = page.locator('main figure').getByRole('img', { name: /\S/ });
  assert.equal(await chart.count(), 1, 'no usage chart (svg role=img with a name) in a figure');
  assert.ok(await chart.isVisible(), 'the usage chart is not visible');
});

test('overview: lists every initiative of the demo network', async () => {
  const { initiatives } = await exportDataset();
  assert.ok(initiatives.length > 0, 'the demo network has no initiatives');
  assert.ok(initiatives.length <= PAGE, `the demo network has more initiatives (${initiatives.length}) than a page shows`);
  const page = await loggedInPage('/');
  await expectListed(page, initiatives, initiatives.length, 'no filter');
  assert.equal(await page.getByRole('navigation', { name: "Pagina's" }).count(), 0, 'a pager on a single page');
});

test('overview: no WCAG 2.1 A/AA violations (axe-core)', async () => {
  const page = await loggedInPage('/');
  await checkA11y(page);
});

test('overview: every focusable element is reached with Tab and shows focus', async () => {
  const page = await loggedInPage('/');
  await checkKeyboard(page);
});

test('overview: searching for part of a name lists the initiatives that match', async () => {
  const { initiatives } = await exportDataset();
  // What the search looks in: name, id, problem, sectors, target groups.
  const matches = (q) =>
    initiatives.filter((i) =>
      [i.name, i.id, i.problem ?? '', ...(i.sectors ?? []), ...(i.target_groups ?? [])].some((t) => t.toLowerCase().includes(q)),
    );
  // A word of one initiative's name that narrows the list (but not to nothing).
  let q = null;
  for (const i of initiatives) {
    for (const word of i.name.split(/[^\p{L}\p{N}-]+/u).filter((w) => w.length >= 5)) {
      const n = matches(word.toLowerCase()).length;
      if (n >= 1 && n < initiatives.length) {
        q = word;
        break;
      }
    }
    if (q) break;
  }
  assert.ok(q, 'no word of an initiative name narrows the list');
  const expected = matches(q.toLowerCase());
  const page = await loggedInPage('/');
  // Part of the word, in other case: the search is case-insensitive.
  const part = q.slice(0, Math.max(5, q.length - 2)).toUpperCase();
  const expectedPart = matches(part.toLowerCase());
  // The overview's own search, not the one in the header (which searches everything).
  await page.getByRole('main').getByRole('search').getByLabel('Zoeken').fill(part);
  await filter(page);
  assert.equal(new URL(page.url()).searchParams.get('q'), part);
  assert.equal(await page.locator('#q').inputValue(), part, 'the search field keeps what was typed');
  await expectListed(page, expectedPart, initiatives.length, `search ${JSON.stringify(part)}`);
  assert.ok(expectedPart.length < initiatives.length || expected.length < initiatives.length);
  // Something nobody has: none, with a way back.
  await page.locator('#q').fill('zzz-geen-enkel-initiatief');
  await filter(page);
  await expectListed(page, [], initiatives.length, 'search for nothing');
  await navigation(page, () => page.getByRole('link', { name: 'Filters wissen' }).click());
  await expectListed(page, initiatives, initiatives.length, 'filters cleared');
});

test('overview: filtering by LLO type lists the initiatives whose current plot uses it', async () => {
  const { initiatives } = await exportDataset();
  const page = await loggedInPage('/');
  const types = (await page.locator('#type option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  // The filter offers every type of the data.
  const inData = new Set(initiatives.flatMap((i) => (i.sessions ?? []).flatMap((s) => Object.keys(s.llo ?? {}))));
  for (const t of inData) assert.ok(types.includes(t), `the type filter does not offer ${t}`);
  assert.ok(types.includes('opleiden'), `no type "opleiden" in ${types.join(', ')}`);
  let narrowed = false;
  for (const type of types) {
    const expected = initiatives.filter((i) => (currentPlot(i)?.[type] ?? 0) >= 1);
    if (expected.length < initiatives.length) narrowed = true;
    await page.locator('#type').selectOption(type);
    await filter(page);
    assert.equal(await page.locator('#type').inputValue(), type, 'the filter keeps its choice');
    await expectListed(page, expected, initiatives.length, `type ${type}`);
  }
  assert.ok(narrowed, 'no type filter narrowed the list');
});

test('overview: filtering by sector, target group and session kind lists the initiatives that have it', async () => {
  const { initiatives } = await exportDataset();
  const page = await loggedInPage('/');
  const filters = [
    ['#sector', (i, v) => (i.sectors ?? []).includes(v)],
    ['#doelgroep', (i, v) => (i.target_groups ?? []).includes(v)],
    ['#soort', (i, v) => (i.sessions ?? []).some((s) => s.kind === v)],
  ];
  for (const [select, has] of filters) {
    const all = (await page.locator(`${select} option`).evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
    assert.ok(all.length > 0, `${select} offers nothing`);
    // At most four of them, spread over the list, to keep the run short.
    const values = [...new Set([0, 1, 2, 3].map((n) => all[Math.round((n * (all.length - 1)) / 3)]))];
    for (const value of values) {
      await page.locator(select).selectOption(value);
      await filter(page);
      await expectListed(page, initiatives.filter((i) => has(i, value)), initiatives.length, `${select} = ${value}`);
    }
    await page.locator(select).selectOption('');
  }
  // The sectors and target groups offered are those of the data.
  const offered = async (select) => (await page.locator(`${select} option`).evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  assert.deepEqual(sorted(await offered('#sector')), sorted(new Set(initiatives.flatMap((i) => i.sectors ?? []))));
  assert.deepEqual(sorted(await offered('#doelgroep')), sorted(new Set(initiatives.flatMap((i) => i.target_groups ?? []))));
});

test('overview: "alleen toe aan een sessie" lists those without a session in the last 12 months', async () => {
  const { initiatives } = await exportDataset();
  const today = Date.parse(new Date().toISOString().slice(0, 10));
  const due = initiatives.filter((i) => {
    const dates = (i.sessions ?? []).map((s) => Date.parse(s.date));
    return !dates.length || (today - Math.max(...dates)) / 86_400_000 > 365;
  });
  const page = await loggedInPage('/');
  const figure = page.getByRole('table', { name: 'Kerncijfers van het netwerk' }).getByRole('row', { name: /^Toe aan een eerste of volgende sessie\b/ });
  assert.equal(Number((await figure.locator('td').innerText()).trim()), due.length, 'key figure "Toe aan een eerste of volgende sessie"');
  await page.getByLabel('alleen toe aan een sessie').check();
  await filter(page);
  assert.ok(await page.locator('#toe').isChecked(), 'the checkbox keeps its state');
  await expectListed(page, due, initiatives.length, 'due');
});

test('overview: the language switch shows the page in English, and back in Dutch', async () => {
  const { network, initiatives } = await exportDataset();
  const page = await loggedInPage('/');
  const h2 = async () => (await page.locator('main h2').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(await h2(), ['In het kort', 'Initiatieven']);

  await navigation(page, () => page.getByRole('button', { name: 'English' }).click());
  assert.equal(new URL(page.url()).pathname, '/');
  await expectLang(page, 'en');
  assert.deepEqual(await h2(), ['At a glance', 'Initiatives']);
  assert.equal((await page.locator('h1').innerText()).trim(), network, 'the network keeps its name');
  assert.deepEqual(await statusCounts(page), [initiatives.length, initiatives.length]);
  assert.ok(await page.getByRole('button', { name: 'Filter', exact: true }).isVisible(), 'no "Filter" button in English');
  assert.ok(await page.getByRole('button', { name: 'Log out' }).isVisible(), 'no "Log out" button in English');
  // The other language's button is marked as Dutch.
  const back = page.getByRole('button', { name: 'Nederlands' });
  assert.equal(await back.getAttribute('lang'), 'nl');
  await checkA11y(page);

  await navigation(page, () => back.click());
  await expectLang(page, 'nl');
  assert.deepEqual(await h2(), ['In het kort', 'Initiatieven']);
  assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('lang'), 'en');
});

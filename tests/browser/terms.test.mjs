// Themes and shared challenges, `/themas`: both lists with where each term
// is used (checked against the export of the server's database), creating
// a theme, editing it, merging two, errors beside their field, and a reader
// who sees no forms. Axe-clean and usable with the keyboard. The ids made
// here start with `browser-termen-`; the merge moves the chains of one
// theme of the example network to a new one (the other files check against
// the export, so they do not depend on it).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  loggedInPage, navigation, exportDataset, addUser, expectLang, checkA11y, checkKeyboard,
} from './support.mjs';

const KINDS = [
  { key: 'themes', url: 'thema', heading: "Thema's", form: 'Nieuw thema' },
  { key: 'challenges', url: 'uitdaging', heading: 'Gedeelde uitdagingen', form: 'Nieuwe uitdaging' },
];

/** Every chain of a dataset as { initiative, chain }. */
function chains(dataset) {
  return (dataset.initiatives ?? []).flatMap((i) =>
    (i.sessions ?? []).flatMap((s) => (s.cimo ?? []).map((chain) => ({ initiative: i, chain }))),
  );
}

/** How a term is used, from the data: { chains, initiatives: [id, ...] in order }. */
function usage(dataset, key, id) {
  const using = chains(dataset).filter(({ chain }) => (chain[key] ?? []).includes(id));
  return { chains: using.length, initiatives: [...new Set(using.map(({ initiative }) => initiative.id))] };
}

/** The rows of the table of a section: [name, id, description, sources, chains, initiatives]. */
async function tableRows(page, heading) {
  const table = page.getByRole('table', { name: heading, exact: true });
  assert.equal(await table.count(), 1, `no table named "${heading}"`);
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
}

/** The section of a page under a level-2 or -3 heading. */
function section(page, name) {
  return page.locator('section', { has: page.getByRole('heading', { name, exact: true }) }).last();
}

let researcher = null;
/** A researcher for this file. */
async function rik() {
  if (!researcher) {
    researcher = addUser('termen-onderzoeker', 'researcher').then(() => 'termen-onderzoeker');
  }
  return researcher;
}

test('terms: both lists show every term with its usage as the data has it, axe-clean and by keyboard', async () => {
  const dataset = await exportDataset();
  const page = await loggedInPage('/themas');
  await expectLang(page, 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), "Thema's en gedeelde uitdagingen");
  assert.equal(await page.getByRole('navigation').getByRole('link', { name: "Thema's en uitdagingen" }).getAttribute('aria-current'), 'page');
  for (const kind of KINDS) {
    const terms = dataset[kind.key] ?? [];
    assert.ok(terms.length > 0, `the demo network has no ${kind.key}`);
    const rows = await tableRows(page, kind.heading);
    const expected = terms.map((t) => {
      const u = usage(dataset, kind.key, t.id);
      return [t.name, t.id, t.description ?? '', String(u.chains), String(u.initiatives.length)];
    });
    assert.deepEqual(rows.map(([name, id, description, , n, m]) => [name, id, description, n, m]), expected, kind.heading);
  }
  await checkA11y(page);
  await checkKeyboard(page);
  // In English, through the language mechanism, just as clean.
  const en = await loggedInPage('/themas?lang=en');
  await expectLang(en, 'en');
  assert.equal(await en.getByRole('table', { name: 'Shared challenges' }).count(), 1);
  await checkA11y(en);
});

test('terms: a term page lists every chain that names it, with initiative, session and level', async () => {
  const dataset = await exportDataset();
  const used = (dataset.themes ?? []).map((t) => ({ t, u: usage(dataset, 'themes', t.id) })).find(({ u }) => u.chains > 0);
  assert.ok(used, 'no theme of the demo network is used');
  const page = await loggedInPage(`/themas/thema/${used.t.id}`);
  assert.equal((await page.locator('h1').innerText()).trim(), used.t.name);
  const table = page.getByRole('table', { name: 'Waar gebruikt' });
  assert.equal(await table.locator('tbody tr').count(), used.u.chains);
  const links = await table.getByRole('link').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  assert.deepEqual([...new Set(links)], used.u.initiatives.map((id) => `/initiatieven/${id}`));
  // The first link leads to the initiative.
  await navigation(page, () => table.getByRole('link').first().click());
  assert.equal(new URL(page.url()).pathname, `/initiatieven/${used.u.initiatives[0]}`);
});

test('terms: a researcher creates a theme with the keyboard, then edits it', async () => {
  const id = 'browser-termen-werkplek';
  const page = await loggedInPage('/themas', { user: await rik() });
  const form = section(page, 'Nieuw thema');
  await form.getByLabel('Id').fill(id);
  await form.getByLabel('Naam').fill('Leren op de werkplek');
  await form.getByLabel('Omschrijving').fill('Leren tijdens het werk.');
  await form.getByLabel('Bronnen').fill('Eraut, 2004\nBillett, 2001');
  // Submit with Enter in the name field.
  await form.getByLabel('Naam').focus();
  const created = await navigation(page, () => page.keyboard.press('Enter'));
  assert.equal(created.status(), 200);
  assert.equal(new URL(page.url()).pathname, `/themas/thema/${id}`);
  assert.equal((await page.getByRole('status').innerText()).trim(), 'Het thema is aangemaakt.');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Leren op de werkplek');
  let theme = (await exportDataset()).themes.find((t) => t.id === id);
  assert.deepEqual(theme, { id, name: 'Leren op de werkplek', description: 'Leren tijdens het werk.', sources: ['Eraut, 2004', 'Billett, 2001'] });
  await checkA11y(page);
  await checkKeyboard(page);

  // Edit: the form holds the stored values.
  const edit = section(page, 'Bewerken');
  assert.equal(await edit.getByLabel('Naam').inputValue(), 'Leren op de werkplek');
  assert.equal(await edit.getByLabel('Bronnen').inputValue(), 'Eraut, 2004\nBillett, 2001');
  await edit.getByLabel('Naam').fill('Werkplekleren');
  await edit.getByLabel('Bronnen').fill('Eraut, 2004');
  await navigation(page, () => edit.getByRole('button', { name: 'Wijzigingen opslaan' }).click());
  assert.equal((await page.getByRole('status').innerText()).trim(), 'De wijzigingen zijn opgeslagen.');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Werkplekleren');
  theme = (await exportDataset()).themes.find((t) => t.id === id);
  assert.deepEqual(theme, { id, name: 'Werkplekleren', description: 'Leren tijdens het werk.', sources: ['Eraut, 2004'] });
});

test('terms: bad input shows Dutch errors beside the fields, and nothing is stored', async () => {
  const before = await exportDataset();
  const page = await loggedInPage('/themas', { user: await rik() });
  const form = section(page, 'Nieuwe uitdaging');
  await form.getByLabel('Id').fill('Geen Goede Id');
  await form.getByLabel('Naam').fill('   ');
  const response = await navigation(page, () => form.getByRole('button', { name: 'Nieuwe uitdaging toevoegen' }).click());
  assert.equal(response.status(), 400);
  const after = section(page, 'Nieuwe uitdaging');
  for (const [label, words] of [['Id', 'kan geen id zijn'], ['Naam', 'De naam is leeg']]) {
    const input = after.getByLabel(label);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', label);
    const described = (await input.getAttribute('aria-describedby')).split(' ');
    const texts = await Promise.all(described.map((d) => page.locator(`#${d}`).innerText()));
    assert.ok(texts.some((t) => t.includes(words)), `${label}: ${texts.join(' | ')}`);
  }
  assert.equal(await after.getByLabel('Id').inputValue(), 'Geen Goede Id', 'the input is kept');
  assert.ok((await page.getByRole('alert').innerText()).includes('Er is niets opgeslagen'));
  // The summary links to the fields.
  await after.getByRole('link', { name: 'Id' }).click();
  assert.equal(await page.evaluate(() => location.hash), '#nieuw-uitdaging-id');
  await checkA11y(page);
  // An existing id: beside the id.
  const existing = before.challenges[0].id;
  const again = section(page, 'Nieuwe uitdaging');
  await again.getByLabel('Id').fill(existing);
  await again.getByLabel('Naam').fill('Dubbel');
  const conflict = await navigation(page, () => again.getByRole('button', { name: 'Nieuwe uitdaging toevoegen' }).click());
  assert.equal(conflict.status(), 409);
  assert.ok((await page.locator('#nieuw-uitdaging-id-fout').innerText()).includes(`Er bestaat al een uitdaging met de id ‘${existing}’`));
  assert.deepEqual(await exportDataset(), before, 'refused input changed the data');
});

test('terms: merging a used theme into another moves its chains and shows the new usage', async () => {
  const before = await exportDataset();
  // The most used theme goes into a new one made for this test.
  const from = (before.themes ?? [])
    .map((t) => ({ t, u: usage(before, 'themes', t.id) }))
    .sort((a, b) => b.u.chains - a.u.chains)[0];
  assert.ok(from && from.u.chains > 0, 'no used theme');
  const into = 'browser-termen-samen';
  let page = await loggedInPage('/themas', { user: await rik() });
  const form = section(page, 'Nieuw thema');
  await form.getByLabel('Id').fill(into);
  await form.getByLabel('Naam').fill('Samen verder');
  await form.getByLabel('Bronnen').fill('Eigen bron, 2025');
  await navigation(page, () => form.getByRole('button', { name: 'Nieuw thema toevoegen' }).click());
  assert.equal(new URL(page.url()).pathname, `/themas/thema/${into}`);

  page = await loggedInPage(`/themas/thema/${from.t.id}`, { user: await rik() });
  const merge = section(page, 'Samenvoegen');
  const select = merge.getByLabel('Voeg samen met…');
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(!options.includes(from.t.id), 'a theme is offered to merge with itself');
  assert.ok(options.includes(into));
  await select.selectOption(into);
  const sentence = await merge.locator('#samenvoegen-uitleg').innerText();
  assert.ok(sentence.includes(`Samenvoegen verandert ${from.u.chains} ketens`), sentence);
  await checkA11y(page);
  await checkKeyboard(page);
  await navigation(page, () => merge.getByRole('button', { name: 'Samenvoegen' }).click());
  assert.equal(new URL(page.url()).pathname, `/themas/thema/${into}`);
  const status = await page.getByRole('status').innerText();
  assert.ok(status.includes(`${from.u.chains} ketens zijn aangepast`), status);

  // The data: every reference moved, none doubled, the old theme gone, sources joined.
  const after = await exportDataset();
  assert.ok(!after.themes.some((t) => t.id === from.t.id), `${from.t.id} still exists`);
  const expected = chains(before).map(({ chain }) => {
    if (!chain.themes) return chain;
    const themes = [...new Set(chain.themes.map((id) => (id === from.t.id ? into : id)))];
    return { ...chain, themes };
  });
  assert.deepEqual(chains(after).map(({ chain }) => chain), expected);
  const kept = after.themes.find((t) => t.id === into);
  assert.deepEqual(kept.sources, ['Eigen bron, 2025', ...(from.t.sources ?? []).filter((s) => s !== 'Eigen bron, 2025')]);

  // The page shows the usage the data now has.
  const u = usage(after, 'themes', into);
  assert.equal(u.chains, from.u.chains);
  const table = page.getByRole('table', { name: 'Waar gebruikt' });
  assert.equal(await table.locator('tbody tr').count(), u.chains);
  const links = await table.getByRole('link').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  assert.deepEqual([...new Set(links)], u.initiatives.map((id) => `/initiatieven/${id}`));
  // And the list agrees.
  const list = await loggedInPage('/themas', { user: await rik() });
  const row = (await tableRows(list, "Thema's")).find(([, id]) => id === into);
  assert.deepEqual(row.slice(4), [String(u.chains), String(u.initiatives.length)]);
  // The analysis still works.
  const analysis = await loggedInPage('/analyse', { user: await rik() });
  assert.equal(analysis.response.status(), 200);
});

test('terms: a reader sees the lists and the usage, but no forms', async () => {
  await addUser('termen-lezer', 'reader');
  const dataset = await exportDataset();
  const page = await loggedInPage('/themas', { user: 'termen-lezer' });
  assert.equal(await page.locator('main form').count(), 0, 'a reader sees a form');
  assert.equal(await page.getByRole('table').count(), KINDS.filter((k) => (dataset[k.key] ?? []).length).length);
  await checkA11y(page);
  const id = dataset.themes[0].id;
  const detail = await loggedInPage(`/themas/thema/${id}`, { user: 'termen-lezer' });
  assert.equal(await detail.locator('main form').count(), 0, 'a reader sees a form');
  assert.equal(await detail.getByRole('heading', { name: 'Waar gebruikt' }).count(), 1);
  await checkA11y(detail);
  await checkKeyboard(detail);
  // A POST anyway is refused.
  const csrf = (await (await detail.request.get(new URL('/api/me', detail.url()).href)).json()).csrf_token;
  const refused = await detail.request.post(new URL('/themas/thema', detail.url()).href, {
    form: { csrf, id: 'browser-termen-lezer', name: 'Mag niet' },
    maxRedirects: 0,
  });
  assert.equal(refused.status(), 403);
  assert.ok(!(await exportDataset()).themes.some((t) => t.id === 'browser-termen-lezer'));
});

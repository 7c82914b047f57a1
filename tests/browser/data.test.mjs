// The page `/gegevens`: downloading the dataset (YAML, JSON) and uploading
// a file through the file input. A bad file lists every error with its
// place and changes nothing; a good file shows up on the overview. Checked
// against the export of the server's database. The ids used here start with
// `browser-gegevens-` so that they collide with no other test file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  loggedInPage, navigation, exportDataset, addUser, expectLang, checkA11y, checkKeyboard,
} from './support.mjs';

/** A file with three errors, each at its own place. */
const BROKEN = `format: uti-dataset/1
initiatives:
  - id: browser-gegevens-kapot
    name: Kapot
    sessions:
      - date: 2025-02-30
        kind: beoogd-ontwerp
        llo: {opleiden: 3, community: 1, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 0}
      - date: 2025-03-01
        kind: tussendoor
`;

/** A good file: one new initiative with one session. */
const GOOD = {
  id: 'browser-gegevens-nieuw',
  name: 'Browser Gegevens Nieuw',
  text: `format: uti-dataset/1
initiatives:
  - id: browser-gegevens-nieuw
    name: Browser Gegevens Nieuw
    sectors: [zorg]
    sessions:
      - date: 2025-04-01
        kind: beoogd-ontwerp
`,
};

/** Chooses `text` as the file `name` and presses "Bestand uploaden" (or "Upload file"). */
async function upload(page, name, text, { dryRun = false } = {}) {
  await page.locator('#bestand').setInputFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
  if (dryRun) await page.getByLabel(/^(Alleen controleren|Only check)$/).check();
  return navigation(page, () => page.getByRole('button', { name: /^(Bestand uploaden|Upload file)$/ }).click());
}

test('data: a file with errors lists each with its place, and nothing changes', async () => {
  const before = await exportDataset();
  const page = await loggedInPage('/gegevens');
  await expectLang(page, 'nl');
  const response = await upload(page, 'kapot.yaml', BROKEN);
  assert.equal(response.status(), 400);
  assert.equal((await page.locator('#resultaat').innerText()).trim(), 'Het bestand bevat fouten');
  assert.equal((await page.getByRole('status').innerText()).trim(), 'Het bestand bevat 3 fouten. Er is niets opgeslagen.');
  const table = page.getByRole('table', { name: 'Fouten in ‘kapot.yaml’' });
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(
    rows.map(([file, place]) => [file, place]).sort(),
    [
      ['kapot.yaml', 'initiatives[0].sessions[0].date'],
      ['kapot.yaml', 'initiatives[0].sessions[0].llo.opleiden'],
      ['kapot.yaml', 'initiatives[0].sessions[1].kind'],
    ],
  );
  assert.ok(rows.every(([, , message]) => message.length > 0), 'a row without a message');
  assert.deepEqual(await exportDataset(), before, 'a broken file changed the data');
  await checkA11y(page);
});

test('data: a dry run of a good file stores nothing', async () => {
  const before = await exportDataset();
  const page = await loggedInPage('/gegevens');
  const response = await upload(page, 'nieuw.yaml', GOOD.text, { dryRun: true });
  assert.equal(response.status(), 200);
  assert.equal((await page.locator('#resultaat').innerText()).trim(), 'Controle geslaagd: niets opgeslagen');
  assert.match(await page.getByRole('status').innerText(), /Er is niets opgeslagen/);
  assert.deepEqual(await exportDataset(), before);
});

test('data: a good file is stored and shows on the overview', async () => {
  const before = await exportDataset();
  const page = await loggedInPage('/gegevens');
  const response = await upload(page, 'nieuw.yaml', GOOD.text);
  assert.equal(response.status(), 200);
  assert.equal((await page.locator('#resultaat').innerText()).trim(), 'Import geslaagd');
  const summary = page.getByRole('table', { name: 'Wat er is opgeslagen' });
  assert.equal((await summary.getByRole('row', { name: /^Nieuwe initiatieven/ }).locator('td').innerText()).trim(), '1');
  await checkA11y(page);
  const after = await exportDataset();
  assert.equal(after.initiatives.length, before.initiatives.length + 1);
  assert.equal(after.initiatives.at(-1).id, GOOD.id);
  // Uploading it again clashes, and says how to replace it.
  await upload(page, 'nieuw.yaml', GOOD.text);
  assert.equal((await page.locator('#resultaat').innerText()).trim(), 'Botsing met opgeslagen gegevens');
  assert.match(await page.locator('main').innerText(), /Bestaande initiatieven vervangen/);
  await checkA11y(page);
  // The overview lists it.
  const overview = await loggedInPage('/');
  assert.equal(await overview.locator('ul.cards li h3 a', { hasText: GOOD.name }).count(), 1, 'the new initiative is not on the overview');
});

test('data: the downloads are the export of the database', async () => {
  const page = await loggedInPage('/gegevens');
  const data = await exportDataset();
  const table = page.getByRole('table', { name: 'Wat de dataset nu bevat' });
  const figure = async (label) => Number((await table.getByRole('row', { name: label }).locator('td').innerText()).trim());
  assert.equal(await figure(/^Initiatieven/), data.initiatives.length);
  assert.equal(await figure(/^Sessies/), data.initiatives.reduce((n, i) => n + (i.sessions ?? []).length, 0));
  for (const [label, ext] of [['Downloaden als JSON', 'json'], ['Downloaden als YAML', 'yaml']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label }).click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^[a-z0-9-]+-\\d{4}-\\d{2}-\\d{2}\\.${ext}$`));
    const text = readFileSync(await download.path(), 'utf8');
    if (ext === 'json') assert.deepEqual(JSON.parse(text), data);
    else assert.match(text, /^format: uti-dataset\/1\n/);
  }
});

test('data: keyboard and axe, in Dutch and in English', async () => {
  const page = await loggedInPage('/gegevens');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Gegevens importeren en exporteren');
  await checkA11y(page);
  await checkKeyboard(page);
  const en = await loggedInPage('/gegevens?lang=en');
  await expectLang(en, 'en');
  assert.equal((await en.locator('h1').innerText()).trim(), 'Import and export data');
  await checkA11y(en);
  // The form keeps the language: the result is in English too.
  await upload(en, 'kapot.yaml', BROKEN);
  await expectLang(en, 'en');
  assert.equal((await en.locator('#resultaat').innerText()).trim(), 'The file has errors');
  await checkA11y(en);
});

test('data: a reader downloads but cannot upload', async () => {
  await addUser('gegevens-lezer', 'reader');
  const page = await loggedInPage('/gegevens', { user: 'gegevens-lezer' });
  assert.equal(await page.locator('input[type="file"]').count(), 0, 'a reader sees the upload form');
  assert.match(await page.locator('main').innerText(), /Alleen onderzoekers en beheerders kunnen gegevens importeren/);
  assert.equal(await page.getByRole('link', { name: 'Downloaden als YAML' }).count(), 1);
  await checkA11y(page);
});

// The history, as a researcher uses it in the browser: a session edited in
// the session editor, its history opened from the editor, the change read
// in words, the earlier version restored with its button, and the old
// value back (in the data and on the page). Uses an initiative of its own
// (`geschiedenis-proef`, made through the API); nothing of the example
// network is changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedInPage, navigation, fetchJson, baseUrl, checkA11y, expectLang } from './support.mjs';

const ID = 'geschiedenis-proef';
const BEFORE = 4;
const AFTER = 11;

test('a session edited, its history read in words and the earlier version restored', async () => {
  const page = await loggedInPage('/');
  const { csrf_token: csrf } = await fetchJson(page, '/api/me');
  const created = await page.request.post(new URL('/api/initiatives', `${await baseUrl()}/`).href, {
    headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    data: {
      id: ID,
      name: 'Geschiedenisproef (fictief)',
      sessions: [{ date: '2025-02-03', kind: 'beoogd-ontwerp', participants: BEFORE, notes: 'Proefsessie voor de geschiedenis.' }],
    },
  });
  assert.equal(created.status(), 201, await created.text());

  // The editor: change the number of participants and save.
  await page.goto(new URL(`/initiatieven/${ID}/sessies/0`, `${await baseUrl()}/`).href);
  await page.getByLabel('Aantal deelnemers (geen namen)').fill(String(AFTER));
  await navigation(page, () => page.locator('div.buttons').getByRole('button', { name: 'Opslaan', exact: true }).click());
  const saved = await fetchJson(page, `/api/initiatives/${ID}`);
  assert.equal(saved.initiative.sessions[0].participants, AFTER);

  // The session's history, from the editor's link.
  await page.goto(new URL(`/initiatieven/${ID}/sessies/0`, `${await baseUrl()}/`).href);
  await navigation(page, () => page.getByRole('link', { name: 'Geschiedenis van deze sessie' }).click());
  assert.equal(new URL(page.url()).pathname, `/initiatieven/${ID}/sessies/0/geschiedenis`);
  await expectLang(page, 'nl');
  const table = page.getByRole('table');
  assert.equal(await table.getByRole('columnheader').count(), 6);
  const row = table.getByRole('row').nth(1);
  assert.match(await row.innerText(), new RegExp(`Aantal deelnemers: ${BEFORE} → ${AFTER}`));
  assert.match(await row.innerText(), /website/);
  assert.match(await row.innerText(), /huidige versie/);
  await checkA11y(page);

  // Restore the version the history starts from.
  const button = page.getByRole('button', { name: /Deze versie terugzetten/ });
  assert.equal(await button.count(), 1);
  await navigation(page, () => button.click());
  assert.match(await page.getByRole('status').innerText(), /teruggezet/);
  const restored = await fetchJson(page, `/api/initiatives/${ID}`);
  assert.equal(restored.initiative.sessions[0].participants, BEFORE, 'the old value is back');
  const newest = page.getByRole('table').getByRole('row').nth(1);
  assert.match(await newest.innerText(), new RegExp(`Aantal deelnemers: ${AFTER} → ${BEFORE}`));
  assert.match(await newest.innerText(), /teruggezet/);
  await checkA11y(page);

  // The editor shows the old value again, and the initiative's history has it all.
  await page.goto(new URL(`/initiatieven/${ID}/sessies/0`, `${await baseUrl()}/`).href);
  assert.equal(await page.getByLabel('Aantal deelnemers (geen namen)').inputValue(), String(BEFORE));
  await page.goto(new URL(`/initiatieven/${ID}`, `${await baseUrl()}/`).href);
  await navigation(page, () => page.getByRole('link', { name: 'Geschiedenis van de wijzigingen' }).click());
  const rows = page.getByRole('table').getByRole('row');
  assert.equal(await rows.count(), 4, 'a header, the restore, the edit and the creation');
  assert.match(await rows.nth(3).innerText(), /Initiatief aangemaakt/);
  await checkA11y(page);
  await page.context().close();
});

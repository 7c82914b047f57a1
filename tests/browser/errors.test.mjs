// Error pages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loggedInPage, fetchJson, expectLang, checkA11y } from './support.mjs';

test('errors: an unknown path answers 404, not 500', async () => {
  await openPage('/bestaat-niet', { status: 404 });
  await openPage('/initiatieven/bestaat-niet/nog-dieper?x=1', { status: 404 });
  await loggedInPage('/bestaat-niet', { status: 404 });
  await loggedInPage('/initiatieven/bestaat-niet/nog-dieper?x=1', { status: 404 });
});

test('errors: an unknown path shows a Dutch, accessible error page "Niet gevonden"', async () => {
  for (const [who, open] of [['not logged in', openPage], ['logged in', loggedInPage]]) {
    const page = await open('/bestaat-niet', { status: 404 });
    assert.ok(!page.browserErrorPage, `${who}: the 404 response has an empty body: Chromium shows its own error page instead`);
    await expectLang(page, 'nl');
    assert.equal((await page.locator('h1').innerText()).trim(), 'Niet gevonden', who);
    assert.match(await page.locator('main').innerText(), /Deze pagina bestaat niet\./, who);
    assert.ok(await page.getByRole('link', { name: 'Naar het overzicht' }).isVisible(), `${who}: no way back to the overview`);
    await checkA11y(page);
    await page.context().close();
  }
});

test('errors: an unknown API path answers 404 in JSON', async () => {
  const page = await loggedInPage('/');
  const body = await fetchJson(page, '/api/bestaat-niet', { status: 404 });
  assert.equal(body?.error?.status, 404);
  const missing = await fetchJson(page, '/api/initiatives/bestaat-niet', { status: 404 });
  assert.equal(missing?.error?.status, 404);
});

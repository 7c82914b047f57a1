// The API documentation `/api/docs` (open to anyone) and the OpenAPI
// document it describes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loggedInPage, fetchJson, expectLang, checkA11y, checkKeyboard } from './support.mjs';

/** The operations of the OpenAPI document as "GET /api/..." lines. */
async function operations(page) {
  const doc = await fetchJson(page, '/api/openapi.json');
  assert.match(doc.openapi, /^3\./);
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
}

async function expectDocs(page) {
  await expectLang(page, 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), 'De API van uti');
  const headings = (await page.locator('main h2').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  assert.ok(headings.includes('GET /api/initiatives'), `no "GET /api/initiatives" (h2: ${headings.join(' | ')})`);
  // Every operation of the OpenAPI document, once.
  assert.deepEqual([...headings].sort(), (await operations(page)).sort());
  assert.ok(await page.getByRole('link', { name: '/api/openapi.json' }).isVisible(), 'no link to the OpenAPI document');
}

test('api docs: open without logging in, lists /api/initiatives, no axe violations', async () => {
  const page = await openPage('/api/docs');
  assert.equal(new URL(page.url()).pathname, '/api/docs', 'sent elsewhere (the login page?)');
  await expectDocs(page);
  await checkA11y(page);
});

test('api docs: logged in, the same, and no axe violations', async () => {
  const page = await loggedInPage('/api/docs');
  await expectDocs(page);
  assert.equal(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'API' }).getAttribute('aria-current'), 'page');
  await checkA11y(page);
  await checkKeyboard(page);
});

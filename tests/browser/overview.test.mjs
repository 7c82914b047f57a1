// The overview page `/`: the network and its initiatives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, expectLang, checkA11y, checkKeyboard, exportDataset } from './support.mjs';

test('overview: loads in Dutch with the network as heading', async () => {
  const { network } = await exportDataset();
  const page = await openPage('/');
  await expectLang(page, 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), network);
  assert.match(await page.title(), new RegExp(network.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});

test('overview: lists every initiative of the demo network', async () => {
  const { initiatives } = await exportDataset();
  assert.ok(initiatives.length > 0, 'the demo network has no initiatives');
  const page = await openPage('/');
  const heading = (await page.getByRole('heading', { level: 2 }).first().innerText()).trim();
  assert.equal(heading, `Initiatieven (${initiatives.length})`);
  const text = await page.locator('main').innerText();
  const missing = initiatives.map((i) => i.name).filter((name) => !text.includes(name));
  assert.deepEqual(missing, [], `initiatives missing from the overview: ${missing.join(', ')}`);
});

test('overview: no WCAG 2.1 A/AA violations (axe-core)', async () => {
  const page = await openPage('/');
  await checkA11y(page);
});

test('overview: every focusable element is reached with Tab and shows focus', async () => {
  const page = await openPage('/');
  await checkKeyboard(page);
});

// The page `/rapport`: the texts the researchers write for the report
// (introduction and perspective, Markdown), edited and saved by keyboard;
// the report downloaded in every format the page offers, checked against
// the export of the server's database; the page axe-clean in Dutch and in
// English; a reader sees the texts but no editor. This file is the only
// one that changes the report texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  loggedInPage, navigation, exportDataset, addUser, expectLang, checkA11y, checkKeyboard, fetchJson,
} from './support.mjs';

/** Presses Tab until `predicate(activeElement)` holds (in the page), at most 200 times. */
async function tabTo(page, predicate, what) {
  for (let n = 0; n < 200; n++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  assert.fail(`Tab never reached ${what}`);
}

test('report: the page is axe-clean and works by keyboard, in Dutch and in English', async () => {
  const page = await loggedInPage('/rapport');
  await expectLang(page, 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Rapportage');
  assert.match(await page.locator('main').innerText(), /Markdown is toegestaan/);
  assert.equal(await page.getByRole('link', { name: 'Rapportage' }).getAttribute('aria-current'), 'page');
  await checkA11y(page);
  await checkKeyboard(page);
  const en = await loggedInPage('/rapport?lang=en');
  await expectLang(en, 'en');
  assert.equal((await en.locator('h1').innerText()).trim(), 'Reports');
  assert.match(await en.locator('main').innerText(), /Markdown is allowed/);
  await checkA11y(en);
});

test('report: the introduction is edited and saved by keyboard, and is in the download', async () => {
  const page = await loggedInPage('/rapport');
  const before = await fetchJson(page, '/api/report/texts');
  await tabTo(page, () => document.activeElement?.id === 'f-intro', 'the introduction');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Een inleiding met **BROWSER-INLEIDING** erin.');
  await tabTo(page, () => document.activeElement?.tagName === 'BUTTON' && document.activeElement.type === 'submit', 'the save button');
  const response = await navigation(page, () => page.keyboard.press('Enter'));
  assert.equal(response.status(), 200);
  assert.match(page.url(), /\/rapport\?melding=opgeslagen/);
  assert.equal((await page.getByRole('status').innerText()).trim(), 'De teksten zijn opgeslagen.');
  assert.equal(await page.locator('#f-intro').inputValue(), 'Een inleiding met **BROWSER-INLEIDING** erin.');
  const after = await fetchJson(page, '/api/report/texts');
  assert.equal(after.intro.text, 'Een inleiding met **BROWSER-INLEIDING** erin.');
  assert.ok(after.intro.version > before.intro.version);
  await checkA11y(page);

  // Every download button of the report, in Dutch.
  const data = await exportDataset();
  const buttons = page.locator('a[href^="/rapport/download?"][href*="lang=nl"]');
  const count = await buttons.count();
  assert.ok(count >= 2, 'HTML and Markdown at least');
  for (let n = 0; n < count; n++) {
    const button = buttons.nth(n);
    const format = new URL(await button.getAttribute('href'), 'http://x').searchParams.get('format');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const name = download.suggestedFilename();
    assert.match(name, /^rapport-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.[a-z]+$/, name);
    const bytes = readFileSync(await download.path());
    if (format === 'html') {
      assert.match(name, /\.html$/);
      const html = bytes.toString('utf8');
      assert.match(html, /<strong>BROWSER-INLEIDING<\/strong>/);
      for (const i of data.initiatives) {
        const escaped = i.name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        assert.ok(html.includes(escaped) || html.includes(i.name), `the report lacks ${i.name}`);
      }
    } else if (format === 'md') {
      assert.match(name, /\.zip$/);
      assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a ZIP archive');
    } else {
      assert.ok(bytes.length > 0, `${format}: empty download`);
    }
  }
});

test('report: the download buttons on the initiative and analysis pages', async () => {
  const data = await exportDataset();
  const initiative = data.initiatives[0];
  const page = await loggedInPage(`/initiatieven/${initiative.id}`);
  const link = page.getByRole('link', { name: 'Portret downloaden: HTML' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^portret-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.html$/);
  const html = readFileSync(await download.path(), 'utf8');
  assert.ok(html.includes(initiative.name.replace(/&/g, '&amp;')), 'the portrait names its initiative');
  await checkA11y(page);
  const analysis = await loggedInPage('/analyse');
  assert.ok(await analysis.getByRole('link', { name: /^Rapport downloaden: / }).count() >= 2);
  await checkA11y(analysis);
});

test('report: a reader reads the texts but gets no editor', async () => {
  await addUser('rapport-lezer', 'reader');
  const page = await loggedInPage('/rapport', { user: 'rapport-lezer' });
  assert.equal(await page.locator('textarea').count(), 0, 'a reader sees the editor');
  assert.match(await page.locator('main').innerText(), /Alleen onderzoekers en beheerders kunnen deze teksten wijzigen/);
  await checkA11y(page);
});

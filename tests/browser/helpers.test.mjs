// The helpers themselves: each check must catch what it is for, on small
// hand-made pages (openHtml), so a green run of the page tests means something.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openHtml, expectLang, checkA11y, checkKeyboard, expectedFailure, currentPlot } from './support.mjs';
import { demoLoginFrom } from './server.mjs';

const GOOD = `<!doctype html><html lang="nl"><head><title>Goed</title></head><body>
  <main><h1>Goed</h1><p><a href="#a">Eerste</a> <button type="button">Tweede</button>
  <label for="z">Zoek</label> <input id="z"></p></main></body></html>`;

test('helpers: a clean page passes every check', async () => {
  const page = await openHtml(GOOD);
  await expectLang(page, 'nl');
  await checkA11y(page);
  assert.deepEqual(await checkKeyboard(page), ['a "Eerste"', 'button "Tweede"', 'input ""']);
});

test('helpers: expectLang fails on another or a missing language', async () => {
  await assert.rejects(expectLang(await openHtml(GOOD), 'en'), /<html lang> is "nl", expected "en"/);
  await assert.rejects(expectLang(await openHtml('<p>x</p>'), 'nl'), /<html lang> is null/);
});

test('helpers: checkA11y lists each violation with id, impact and target', async () => {
  const page = await openHtml(`<!doctype html><html><head><title>Slecht</title></head><body><main>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="plaatje">
    <button id="leeg"></button>
    <p style="color:#bbb;background:#fff">te licht</p></main></body></html>`);
  const error = await checkA11y(page).then(() => null, (e) => e);
  assert.ok(error, 'checkA11y passed a page with violations');
  assert.deepEqual(
    error.violations.map((v) => v.id).sort(),
    ['button-name', 'color-contrast', 'html-has-lang', 'image-alt'],
  );
  assert.match(error.message, /image-alt \[critical\] .*\n +at \["#plaatje"\]/);
  assert.match(error.message, /button-name \[critical\] .*\n +at \["#leeg"\]/);
});

test('helpers: checkKeyboard finds unreachable elements and invisible focus', async () => {
  const page = await openHtml(`<!doctype html><html lang="nl"><head><title>Toetsenbord</title>
    <style>#kaal:focus { outline: none }</style></head><body><main><h1>Toetsenbord</h1>
    <a href="#1">Eerste</a> <a href="#2" id="kaal">Zonder focusrand</a>
    <span tabindex="0" id="vast" onfocus="this.nextElementSibling.focus()">Doorschuiver</span>
    <button type="button">Na doorschuiver</button></main></body></html>`);
  const error = await checkKeyboard(page).then(() => null, (e) => e);
  assert.ok(error, 'checkKeyboard passed a page with keyboard problems');
  assert.match(error.message, /no visible focus indicator on a "Zonder focusrand"/);
  assert.match(error.message, /span "Doorschuiver" cannot be reached with Tab/);
});

test('helpers: expectedFailure passes on failure and fails once fixed', async (t) => {
  await expectedFailure(t, 'demonstration', async () => assert.fail('known bug'));
  await assert.rejects(expectedFailure(t, 'demonstration', async () => {}), /expected failure passed/);
  await assert.rejects(
    expectedFailure(t, 'demonstration', async () => assert.fail('another bug'), { expect: (e) => /known/.test(e.message) }),
    /another bug/,
  );
});

test('helpers: demoLoginFrom reads the demo administrator from the server output', () => {
  const nl = 'De database was leeg.\nDemo-beheerder aangemaakt. Log in als: demo, wachtwoord: ab12c-de34f-gh56i-jk78l\nuti draait op http://127.0.0.1:1234 (...)';
  assert.deepEqual(demoLoginFrom(nl), { name: 'demo', password: 'ab12c-de34f-gh56i-jk78l' });
  const en = 'Demo administrator created. Log in as: demo, password: zz99z-yy88y-xx77x-ww66w\n';
  assert.deepEqual(demoLoginFrom(en), { name: 'demo', password: 'zz99z-yy88y-xx77x-ww66w' });
  assert.equal(demoLoginFrom('uti draait op http://127.0.0.1:1234'), null);
});

test('helpers: currentPlot is the plot of the latest session that has one', () => {
  const llo = (n) => ({ opleiden: n });
  assert.equal(currentPlot({ sessions: [] }), null);
  assert.equal(currentPlot({}), null);
  assert.equal(currentPlot({ sessions: [{ date: '2024-01-01' }] }), null);
  // Not in file order: by date; a later session without a plot does not count.
  const sessions = [
    { date: '2024-05-01', llo: llo(2) },
    { date: '2023-01-01', llo: llo(0) },
    { date: '2025-01-01' },
  ];
  assert.deepEqual(currentPlot({ sessions }), llo(2));
  // The same date: the later in the file.
  assert.deepEqual(currentPlot({ sessions: [{ date: '2024-01-01', llo: llo(1) }, { date: '2024-01-01', llo: llo(2) }] }), llo(2));
});

// Logging in and out: every page but the login page and the API docs is
// behind a login; the login form works with mouse and keyboard alone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPage, goto, navigation, submitLogin, login, demoUser, addUser, exportDataset, fetchJson,
  expectLang, checkA11y, checkKeyboard,
} from './support.mjs';

const WRONG = 'Onbekende gebruikersnaam of onjuist wachtwoord.';

/** Asserts that `page` shows the login form, reached with `next` to return to. */
async function expectLoginPage(page, next) {
  const at = new URL(page.url());
  assert.equal(at.pathname, '/login', `expected the login page, the browser is at ${page.url()}`);
  if (next !== undefined) assert.equal(at.searchParams.get('next'), next, `next of ${page.url()}`);
  assert.equal((await page.locator('h1').innerText()).trim(), 'Inloggen');
  await assert.doesNotReject(page.getByLabel('Gebruikersnaam').waitFor(), 'no field labelled "Gebruikersnaam"');
  await assert.doesNotReject(page.getByLabel('Wachtwoord').waitFor(), 'no field labelled "Wachtwoord"');
}

test('login: not logged in, / sends the browser to the login page (303, next=/)', async () => {
  const page = await openPage('/');
  const first = page.response.request().redirectedFrom();
  assert.ok(first, 'GET / was not redirected');
  assert.equal((await first.response()).status(), 303);
  await expectLoginPage(page, '/');
  await expectLang(page, 'nl');
});

test('login: not logged in, the other pages go to the login page too, the API answers 401', async () => {
  const { initiatives } = await exportDataset();
  for (const path of ['/analyse', `/initiatieven/${initiatives[0].id}`, '/?q=zorg']) {
    const page = await openPage(path);
    await expectLoginPage(page, path);
    await page.context().close();
  }
  const page = await openPage('/login');
  for (const path of ['/api/me', '/api/initiatives', '/api/analysis', '/api/dataset']) {
    const body = await fetchJson(page, path, { status: 401 });
    assert.equal(body?.error?.status, 401, `GET ${path}: ${JSON.stringify(body)}`);
  }
});

test('login: the login page has no WCAG 2.1 A/AA violations and works with Tab', async () => {
  const page = await openPage('/login');
  await checkA11y(page);
  await checkKeyboard(page);
});

test('login: a wrong password shows a Dutch error, accessibly', async () => {
  const name = 'login-fout';
  await addUser(name, 'reader');
  const page = await openPage('/login?next=/analyse');
  const response = await submitLogin(page, name, 'dit-is-niet-het-wachtwoord');
  assert.equal(response.status(), 401);
  await expectLoginPage(page);
  await expectLang(page, 'nl');
  const alert = page.getByRole('alert');
  assert.equal((await alert.innerText()).trim(), WRONG);
  // The name stays filled in, and both fields point at the error.
  assert.equal(await page.locator('#name').inputValue(), name);
  for (const field of ['#name', '#password']) {
    const describedBy = await page.locator(field).getAttribute('aria-describedby');
    assert.equal(describedBy, await alert.getAttribute('id'), `${field} is not described by the error`);
  }
  await checkA11y(page);
  // Still not logged in.
  await goto(page, '/');
  await expectLoginPage(page, '/');
});

test('login: an unknown user name gets the same message', async () => {
  const page = await openPage('/login');
  const response = await submitLogin(page, 'bestaat-niet', 'wat-dan-ook-1234');
  assert.equal(response.status(), 401);
  assert.equal((await page.getByRole('alert').innerText()).trim(), WRONG);
});

test('login: the right password lands on the overview', async () => {
  const { network } = await exportDataset();
  const { name, password } = await demoUser();
  const page = await openPage('/');
  await expectLoginPage(page, '/');
  const response = await submitLogin(page, name, password);
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal((await page.locator('h1').innerText()).trim(), network);
  const cookies = await page.context().cookies();
  assert.ok(cookies.some((c) => c.name === 'uti_sessie' && c.httpOnly), 'no HttpOnly uti_sessie cookie');
  // The header names the user.
  assert.match(await page.locator('header').innerText(), new RegExp(`\\b${name}\\b`));
});

test('login: after logging in the browser returns to the page it asked for', async () => {
  const { name, password } = await demoUser();
  const page = await openPage('/analyse?soort=afsluitend');
  await expectLoginPage(page, '/analyse?soort=afsluitend');
  await submitLogin(page, name, password);
  const at = new URL(page.url());
  assert.equal(`${at.pathname}${at.search}`, '/analyse?soort=afsluitend');
  assert.equal((await page.locator('#soort').inputValue()), 'afsluitend');
});

test('login: logging out returns to the login page, and / is refused again', async () => {
  const { name, password } = await demoUser();
  const page = await openPage('/login');
  await login(page, name, password);
  const session = (await page.context().cookies()).filter((c) => c.name === 'uti_sessie');
  assert.equal(session.length, 1, 'no session cookie after logging in');
  await navigation(page, () => page.getByRole('button', { name: 'Uitloggen' }).click());
  await expectLoginPage(page);
  await goto(page, '/');
  await expectLoginPage(page, '/');
  // The old session cookie, sent again, no longer works: the session ended on the server.
  await page.context().addCookies(session);
  await goto(page, '/');
  await expectLoginPage(page, '/');
  await fetchJson(page, '/api/me', { status: 401 });
});

test('login: with the keyboard only (Tab to the name, type, Tab, type, Enter)', async () => {
  const { network } = await exportDataset();
  const { name, password } = await demoUser();
  const page = await openPage('/');
  await expectLoginPage(page, '/');
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const passed = [];
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName.toLowerCase());
    if (id === 'name') break;
    passed.push(id);
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'name', `Tab never reached #name (passed: ${passed.join(', ')})`);
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password', 'Tab from #name does not go to #password');
  await page.keyboard.type(password);
  const response = await navigation(page, () => page.keyboard.press('Enter'));
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal((await page.locator('h1').innerText()).trim(), network);
});

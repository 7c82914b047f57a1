// The roles that only read: a reader and an initiative contact log in and
// see the overview; /api/me tells who they are. (That they cannot edit is
// tested in editing.test.mjs.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, loggedInPage, fetchJson, exportDataset, credentials, checkA11y } from './support.mjs';

// One per role, made once for this file: name -> { role, initiatives }.
let made = null;
async function users() {
  if (!made) {
    made = (async () => {
      const { initiatives } = await exportDataset();
      const linked = initiatives[0].id;
      const list = {
        'rollen-lezer': { role: 'reader', initiatives: [] },
        'rollen-contact': { role: 'contact', initiatives: [linked] },
      };
      for (const [name, { role, initiatives: ids }] of Object.entries(list)) {
        const password = await addUser(name, role, { initiatives: ids });
        assert.ok(password.length >= 10);
      }
      return list;
    })();
  }
  return made;
}

for (const [name, role, label] of [
  ['rollen-lezer', 'reader', 'lezer'],
  ['rollen-contact', 'contact', 'contactpersoon initiatief'],
]) {
  test(`roles: a ${role} sees the overview, and /api/me says ${role}`, async () => {
    const { network, initiatives } = await exportDataset();
    const expected = (await users())[name];
    const page = await loggedInPage('/', { user: name });
    assert.equal(page.response.status(), 200);
    assert.equal((await page.locator('h1').innerText()).trim(), network);
    assert.equal(await page.locator('ul.cards li').count(), initiatives.length, 'initiatives on the overview');
    // The header names the user and the role.
    const header = await page.locator('header').innerText();
    assert.ok(header.includes(name), `the header does not name ${name}: ${header}`);
    assert.ok(header.includes(label), `the header does not name the role "${label}": ${header}`);
    const me = await fetchJson(page, '/api/me');
    assert.equal(me.name, name);
    assert.equal(me.role, expected.role);
    assert.deepEqual(me.initiatives, expected.initiatives);
    await checkA11y(page);
  });

  test(`roles: a ${role} sees an initiative and the analysis`, async () => {
    const { initiatives } = await exportDataset();
    await users();
    for (const path of [`/initiatieven/${initiatives[0].id}`, `/initiatieven/${initiatives.at(-1).id}`, '/analyse']) {
      const page = await loggedInPage(path, { user: name });
      assert.ok((await page.locator('h1').innerText()).trim().length > 0, `${path}: no heading`);
      await page.context().close();
    }
  });
}

test('roles: the demo user is an administrator', async () => {
  const page = await loggedInPage('/');
  const me = await fetchJson(page, '/api/me');
  assert.equal(me.name, (await credentials()).name);
  assert.equal(me.role, 'admin');
  assert.match(me.csrf_token ?? '', /^\S{16,}$/, 'a login session has a CSRF token');
});

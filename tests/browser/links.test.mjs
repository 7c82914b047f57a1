// The links a logged-in user can follow: each one leads to a page that
// loads (200), on every page of the app.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedInPage, brokenLinks, exportDataset } from './support.mjs';

const describe = (broken) => broken.map((b) => `${b.href} (link "${b.text}"): status ${b.status}`).join('\n');

test('links: every link on the overview, the analysis and the API docs works', async () => {
  for (const path of ['/', '/analyse', '/api/docs']) {
    const page = await loggedInPage(path);
    const broken = await brokenLinks(page);
    assert.deepEqual(broken, [], `broken links on ${path}:\n${describe(broken)}`);
    await page.context().close();
  }
});

test('links: every link on the initiative pages works', async () => {
  const { initiatives } = await exportDataset();
  for (const { id } of initiatives) {
    const page = await loggedInPage(`/initiatieven/${encodeURIComponent(id)}`);
    const broken = await brokenLinks(page);
    assert.deepEqual(broken, [], `broken links on /initiatieven/${id}:\n${describe(broken)}`);
    await page.context().close();
  }
});

// The fact-check round in a real browser: a researcher puts a portrait to
// its initiative from the initiative page and makes a personal link; the
// contact, without an account, opens the link, comments on a section,
// suggests a new text and approves; the researcher accepts the suggestion
// (the data changes), confirms the approval and publishes; an anonymous
// visitor reads the published portrait. Every page axe-clean.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedInPage, openPage, navigation, exportDataset, checkA11y, goto } from './support.mjs';

/** An initiative with a problem text, from the demo network (not one other files publish). */
async function initiative() {
  const { initiatives } = await exportDataset();
  const found = [...initiatives].reverse().find((i) => i.problem && i.problem.length > 20);
  assert.ok(found, 'no initiative with a problem in the demo network');
  return found;
}

test('checks: the whole round, from sending to an anonymous reader of the published portrait', async () => {
  const target = await initiative();
  const researcher = await loggedInPage(`/initiatieven/${target.id}`);

  // Send it from the initiative page.
  const send = researcher.getByRole('button', { name: /Portret ter controle voorleggen/ });
  assert.equal(await send.count(), 1, 'no button to put the portrait to the initiative');
  await navigation(researcher, () => send.click());
  assert.match(new URL(researcher.url()).pathname, /^\/checks\/ronde\/\d+$/);
  await researcher.getByText('De ronde is gestart').first().waitFor();
  const row = researcher.getByRole('row', { name: new RegExp(target.name) });
  assert.match(await row.textContent(), /ter check/);
  await checkA11y(researcher);

  // The portrait's check, and a personal link for a contact without an account.
  await navigation(researcher, () => row.getByRole('link', { name: target.name }).click());
  const checkPath = new URL(researcher.url()).pathname;
  assert.match(checkPath, /^\/checks\/portret\/\d+$/);
  await checkA11y(researcher);
  await navigation(researcher, () => researcher.getByRole('button', { name: 'Link maken' }).click());
  const url = await researcher.getByLabel('Link', { exact: true }).inputValue();
  assert.match(url, /\/controle\/[0-9a-f]{64}$/);
  await checkA11y(researcher);

  // The contact opens the link: the portrait as it will be published.
  const contact = await openPage(new URL(url).pathname);
  await contact.getByRole('heading', { name: `Portret ter controle: ${target.name}` }).waitFor();
  assert.ok((await contact.textContent('main')).includes(target.problem.slice(0, 40)), 'the problem text is shown');
  await checkA11y(contact);

  // A comment on the problem section.
  const section = contact.locator(`#sec-${target.id}-vraagstuk`);
  await section.getByText('Opmerking plaatsen').click();
  await section.getByLabel(/Uw opmerking bij/).fill('De cijfers zijn van *2024*, niet van 2023.');
  await navigation(contact, () => section.getByRole('button', { name: 'Opmerking opslaan' }).click());
  await contact.getByText('Uw opmerking is opgeslagen.').waitFor();
  const again = contact.locator(`#sec-${target.id}-vraagstuk`);
  assert.equal(await again.locator('em', { hasText: '2024' }).count(), 1, 'the comment is Markdown');

  // A suggestion: another text for the problem, shown as a difference.
  await again.getByText(/Andere tekst voorstellen/).click();
  const added = ' Aangevuld door het initiatief.';
  const box = again.getByLabel('Uw tekst');
  await box.fill((await box.inputValue()) + added);
  await navigation(contact, () => again.getByRole('button', { name: 'Voorstel opslaan' }).click());
  await contact.getByText(/Uw voorstel is opgeslagen/).waitFor();
  assert.ok((await contact.locator('ins').allTextContents()).join('').includes('Aangevuld'), 'the addition is marked');

  // The answer.
  await contact.getByLabel('akkoord', { exact: true }).check();
  await contact.getByLabel(/Afsluitende opmerking/).fill('Verder klopt het.');
  await navigation(contact, () => contact.getByRole('button', { name: 'Antwoord versturen' }).click());
  await contact.getByText(/Uw antwoord is opgeslagen/).waitFor();
  await checkA11y(contact);

  // The researcher takes the suggestion over into the data.
  await goto(researcher, checkPath);
  assert.ok((await researcher.textContent('main')).includes('2024'), 'the comment is beside its section');
  await navigation(researcher, () => researcher.getByRole('button', { name: 'Overnemen' }).click());
  await researcher.getByText('Het voorstel is overgenomen in de gegevens.').waitFor();
  const { initiatives } = await exportDataset();
  const now = initiatives.find((i) => i.id === target.id);
  assert.ok(now.problem.endsWith('Aangevuld door het initiatief.'), `the data changed: ${now.problem}`);

  // The approval was on the earlier version: the researcher decides it holds, then publishes.
  await navigation(researcher, () => researcher.getByRole('button', { name: 'Akkoord geldt ook voor de huidige versie' }).click());
  await researcher.getByText(/akkoord ook voor de huidige versie geldt/).waitFor();
  await navigation(researcher, () => researcher.getByRole('button', { name: 'Publiceren' }).click());
  await researcher.getByText('Het portret is gepubliceerd.').waitFor();
  await checkA11y(researcher);

  // Anyone reads it on the public part, without the comments.
  const visitor = await openPage('/openbaar');
  await checkA11y(visitor);
  await navigation(visitor, () => visitor.getByRole('link', { name: target.name }).click());
  const text = await visitor.textContent('main');
  assert.ok(text.includes('Aangevuld door het initiatief.'), 'the accepted text is published');
  assert.ok(!text.includes('2023.'), 'no comment on the public page');
  assert.ok(!text.includes('Verder klopt het'), 'no answer on the public page');
  await checkA11y(visitor);
});

test('checks: a link that does not work gets a plain page', async () => {
  const page = await openPage(`/controle/${'f'.repeat(64)}`, { status: 404 });
  await page.getByRole('heading', { name: 'Deze link werkt niet' }).waitFor();
  await checkA11y(page);
});

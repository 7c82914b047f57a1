// Editing, as a researcher does it in the browser: a new initiative through
// its form, a session through the session editor (chains added, filled,
// moved up by keyboard; the plot by radios, by mouse and by keyboard), the
// initiative page and the analysis afterwards, errors beside their fields,
// a save on a stale version, who may not edit, and the forms in English.
// Checked against the data (the export of the server's database, the JSON
// API) and against what was typed, never against fixed figures.
//
// The tests run in order and build on each other: the first creates the
// initiative ‘bewerk-leerroute’ that the others edit; users made here are
// named `bewerk-...`. No initiative of the example network is changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addUser,
  loggedInPage,
  navigation,
  goto,
  fetchJson,
  exportDataset,
  currentPlot,
  expectLang,
  checkA11y,
  checkKeyboard,
} from './support.mjs';

const ID = 'bewerk-leerroute';
const RESEARCHER = 'bewerk-onderzoeker';
const CONTACT = 'bewerk-contact';
const READER = 'bewerk-lezer';

// What the researcher types into the initiative form.
const INITIATIVE = {
  id: ID,
  name: 'Bewerk Leerroute Rivierenland',
  short_name: 'BLR',
  problem: 'Orderpickers in distributiecentra hebben weinig zicht op doorgroei; opleidingen sluiten slecht aan op ploegendiensten.',
  target_groups: ['orderpickers zonder startkwalificatie', 'teamleiders in distributiecentra'],
  sectors: ['logistiek', 'transport'],
  website: 'https://example.org/bewerk-leerroute',
  partners: [
    { name: 'Distributiecentrum De Waard (fictief)', kind: 'werkgever' },
    { name: 'Vakschool Rivierenland (fictief)', kind: 'onderwijs' },
    { name: 'Gemeente Rivierstad (fictief)', kind: 'overheid' },
  ],
};

// What the researcher types into the session editor (the level of a chain
// as its value; the theme is the first of the network, chosen below).
const SESSION = {
  date: '2025-05-20',
  kind: 'ontwerp-in-actie',
  participants: 7,
  notes: 'Eerste sessie met de projectleider en twee teamleiders (bewerk-test).',
  chains: [
    {
      level: 'doelgroep',
      context: 'Orderpickers durven niet te vragen om scholing onder werktijd.',
      interventions: ['Leerwerkplek op de vloer', 'Maandelijks loopbaangesprek'],
      mechanisms: ['Zelfvertrouwen groeit door kleine successen'],
      outcomes: ['Meer aanmeldingen voor de vakopleiding'],
    },
    {
      level: 'werkgevers',
      context: 'Teamleiders zien opleiden als verlies van productie-uren.',
      interventions: ['Rooster met vaste leeruren'],
      mechanisms: [],
      outcomes: ['Vrijgeroosterde leeruren'],
      theme: true,
    },
  ],
  // Scores in the order of the plot's fieldsets; odd positions by keyboard.
  scores: [2, 0, 1, 2, 1],
  note: 'Vakopleiding in deeltijd bij de vakschool.',
};

// Shared between the tests, in order.
const state = {};

const sorted = (list) => [...list].sort();
const mine = (data) => data.initiatives.find((i) => i.id === ID);

/** The visible "Opslaan" button at the bottom (the first, hidden one is what Enter presses). */
const saveButton = (page, name = 'Opslaan') => page.locator('form div.buttons').getByRole('button', { name, exact: true });

/** The fieldset of chain `n` (from 1) in the editor. */
const chainGroup = (page, n, word = 'Keten') => page.getByRole('group', { name: `${word} ${n}`, exact: true });

/** What the form of chain `n` holds, in the data's terms. */
async function chainInForm(page, n) {
  const g = chainGroup(page, n);
  const text = async (label) => (await g.getByLabel(label, { exact: true }).inputValue()).split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    level: await g.getByLabel('Niveau', { exact: true }).inputValue(),
    context: await g.getByLabel('Context (C)', { exact: true }).inputValue(),
    interventions: await text('Interventies (I)'),
    mechanisms: await text('Mechanismen (M)'),
    outcomes: await text('Uitkomsten (O)'),
    themes: await g.locator(`input[name$=".themes"]:checked`).evaluateAll((is) => is.map((i) => i.value)),
  };
}

/** Fills chain `n` (from 1) with `chain`, ticking `theme` when the chain asks for one. */
async function fillChain(page, n, chain, theme) {
  const g = chainGroup(page, n);
  await g.getByLabel('Niveau', { exact: true }).selectOption(chain.level);
  await g.getByLabel('Context (C)', { exact: true }).fill(chain.context);
  await g.getByLabel('Interventies (I)', { exact: true }).fill(chain.interventions.join('\n'));
  await g.getByLabel('Mechanismen (M)', { exact: true }).fill(chain.mechanisms.join('\n'));
  await g.getByLabel('Uitkomsten (O)', { exact: true }).fill(chain.outcomes.join('\n'));
  if (chain.theme) await g.getByRole('group', { name: "Thema's" }).getByLabel(theme.name, { exact: true }).check();
}

/** The chain as it should be stored. */
function storedChain(chain, theme) {
  const c = { level: chain.level, context: chain.context, interventions: chain.interventions };
  if (chain.mechanisms.length) c.mechanisms = chain.mechanisms;
  if (chain.outcomes.length) c.outcomes = chain.outcomes;
  if (chain.theme) c.themes = [theme.id];
  return c;
}

/** The chain as the form shows it. */
const formChain = (chain, theme) => ({
  level: chain.level,
  context: chain.context,
  interventions: chain.interventions,
  mechanisms: chain.mechanisms,
  outcomes: chain.outcomes,
  themes: chain.theme ? [theme.id] : [],
});

/** The id of the focused element once it is `id` (autofocus runs after load), else what has focus. */
async function focusedId(page, id) {
  try {
    await page.waitForFunction((id) => document.activeElement?.id === id, id, { timeout: 3000 });
  } catch {
    // fall through: report what has focus
  }
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
}

/**
 * checkKeyboard() for a page with radio groups. A radio group is one tab
 * stop (the checked radio, else the first; the arrow keys choose within the
 * group, as the plot test does), while checkKeyboard() asks every radio to
 * be reached with Tab. So the other radios of each group are taken out of
 * its list (tabindex -1, as the browser treats them) for the check, and put
 * back afterwards.
 */
async function checkKeyboardWithRadios(page) {
  await page.evaluate(() => {
    const groups = new Map();
    for (const r of document.querySelectorAll('input[type="radio"][name]')) {
      const key = `${r.form ? [...document.forms].indexOf(r.form) : -1} ${r.name}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(r);
    }
    for (const radios of groups.values()) {
      const stop = radios.find((r) => r.checked) ?? radios[0];
      for (const r of radios.filter((r) => r !== stop && !r.hasAttribute('tabindex'))) {
        r.setAttribute('tabindex', '-1');
        r.setAttribute('data-bewerk-radio', '');
      }
    }
  });
  try {
    return await checkKeyboard(page);
  } finally {
    await page.evaluate(() => {
      for (const r of document.querySelectorAll('[data-bewerk-radio]')) {
        r.removeAttribute('tabindex');
        r.removeAttribute('data-bewerk-radio');
      }
    });
  }
}

/** The status message after a change, and the `melding` of the URL. */
async function notice(page) {
  const url = new URL(page.url());
  const text = (await page.locator('main p.notice[role="status"]').allInnerTexts()).map((t) => t.trim());
  return { path: url.pathname, melding: url.searchParams.get('melding'), text };
}

/** The error of `field` (its form name): its message beside it and how the input points at it. */
async function fieldError(page, field) {
  return page.evaluate((field) => {
    const input = document.querySelector(`[name="${field}"]`);
    const describedby = (input?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const messages = describedby.map((id) => document.getElementById(id)).filter((el) => el?.matches('.error'));
    return {
      id: input?.id,
      invalid: input?.getAttribute('aria-invalid'),
      describedby,
      messages: messages.map((el) => el.textContent.trim()),
      // Beside the field: in the same .field block, before the input.
      beside: !!input && messages.every((el) => el.closest('.field') === input.closest('.field') && el.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING),
      visible: messages.every((el) => el.getClientRects().length > 0),
    };
  }, field);
}

// -------------------------------------------------------------- create ----

test('editing: "Nieuw initiatief" on the overview, the form filled in, an error shown, then the initiative created', async () => {
  const page = await loggedInPage('/');
  const before = await exportDataset();
  assert.ok(!mine(before), `the database already has an initiative ${ID}`);
  const analysisBefore = await fetchJson(page, '/api/analysis');

  await navigation(page, () => page.getByRole('link', { name: 'Nieuw initiatief' }).click());
  assert.equal(new URL(page.url()).pathname, '/initiatieven/nieuw');
  await expectLang(page, 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Nieuw initiatief');
  await checkA11y(page);

  const i = INITIATIVE;
  await page.getByLabel('Id', { exact: true }).fill(i.id);
  // The name is left empty at first: an error, and nothing stored.
  await page.getByLabel('Afkorting', { exact: true }).fill(i.short_name);
  await page.getByLabel('Vraagstuk in context', { exact: true }).fill(i.problem);
  await page.getByLabel('Doelgroepen', { exact: true }).fill(i.target_groups.join('\n'));
  await page.getByLabel('Sectoren', { exact: true }).fill(i.sectors.join('\n'));
  await page.getByLabel('Website', { exact: true }).fill(i.website);
  const rows = await page.locator('input[name^="partners."][name$=".name"]').count();
  assert.ok(rows >= 1 && rows < i.partners.length, `the form starts with ${rows} partner rows`);
  for (let n = 0; n < rows; n++) {
    await page.getByLabel(`Partner ${n + 1}: naam`, { exact: true }).fill(i.partners[n].name);
    await page.getByLabel(`Partner ${n + 1}: soort`, { exact: true }).selectOption(i.partners[n].kind);
  }
  // "Partner toevoegen" by keyboard: the form is drawn again with one more row, nothing lost.
  await page.getByRole('button', { name: 'Partner toevoegen' }).focus();
  await navigation(page, () => page.keyboard.press('Enter'));
  assert.equal(page.response.status(), 200);
  assert.equal(await page.locator('input[name^="partners."][name$=".name"]').count(), rows + 1, 'partner rows after "Partner toevoegen"');
  assert.equal(await page.getByLabel('Id', { exact: true }).inputValue(), i.id);
  assert.equal(await page.getByLabel('Doelgroepen', { exact: true }).inputValue(), i.target_groups.join('\n'));
  for (let n = 0; n < rows; n++) {
    assert.equal(await page.getByLabel(`Partner ${n + 1}: naam`, { exact: true }).inputValue(), i.partners[n].name);
    assert.equal(await page.getByLabel(`Partner ${n + 1}: soort`, { exact: true }).inputValue(), i.partners[n].kind);
  }
  for (let n = rows; n < i.partners.length; n++) {
    if (n > rows) await navigation(page, () => page.getByRole('button', { name: 'Partner toevoegen' }).click());
    await page.getByLabel(`Partner ${n + 1}: naam`, { exact: true }).fill(i.partners[n].name);
    await page.getByLabel(`Partner ${n + 1}: soort`, { exact: true }).selectOption(i.partners[n].kind);
  }

  // Without a name: the error beside "Naam", in the summary, nothing stored.
  await navigation(page, () => page.getByRole('button', { name: 'Initiatief aanmaken' }).click());
  assert.equal(page.response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/initiatieven/nieuw');
  const nameError = await fieldError(page, 'name');
  assert.equal(nameError.invalid, 'true', 'the name field is not marked aria-invalid');
  assert.equal(nameError.messages.length, 1, `no error message tied to the name field: ${JSON.stringify(nameError)}`);
  assert.ok(nameError.beside && nameError.visible, `the name's error is not shown beside it: ${JSON.stringify(nameError)}`);
  const summary = page.locator('.error-summary');
  assert.equal(await summary.getByRole('link').count(), 1, 'one error in the summary');
  assert.equal(await summary.getByRole('link').getAttribute('href'), `#${nameError.id}`);
  await checkA11y(page);
  assert.deepEqual(await exportDataset(), before, 'a form with an error stored something');
  assert.equal(await page.getByLabel(`Partner ${i.partners.length}: naam`, { exact: true }).inputValue(), i.partners.at(-1).name, 'the input is kept');

  // Now with the name: created, and the initiative page says so.
  await page.getByLabel('Naam', { exact: true }).fill(i.name);
  await navigation(page, () => page.getByRole('button', { name: 'Initiatief aanmaken' }).click());
  assert.equal(page.response.status(), 200);
  const shown = await notice(page);
  assert.equal(shown.path, `/initiatieven/${ID}`);
  assert.equal(shown.melding, 'initiatief-aangemaakt');
  assert.equal(shown.text.length, 1, 'no status message');
  assert.match(shown.text[0], /^Het initiatief is aangemaakt\./);
  assert.equal((await page.locator('h1').innerText()).trim(), `${i.name} (${i.short_name})`);
  const context = page.getByRole('region', { name: 'Vraagstuk in context en doelgroep' });
  assert.match(await context.innerText(), new RegExp(i.problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.deepEqual(
    (await context.locator('ul li').allInnerTexts()).map((t) => t.trim()),
    i.partners.map((p) => `${p.name} (${p.kind})`),
  );
  assert.equal(await page.getByRole('region', { name: 'Reflexieve sessies' }).locator('p').innerText(), 'Nog geen sessies.');
  await checkA11y(page);

  // Stored as typed.
  const stored = mine(await exportDataset());
  assert.ok(stored, `${ID} is not in the export`);
  const { sessions = [], ...fields } = stored;
  // Each partner became an organisation record of the same name and kind.
  const dataset = await exportDataset();
  for (const p of fields.partners) {
    const org = (dataset.organisations ?? []).find((o) => o.id === p.organisation);
    assert.ok(org && org.name === p.name && org.kind === p.kind, `no organisation for ${p.name}`);
  }
  const typed = { ...fields, partners: fields.partners.map(({ organisation, ...rest }) => rest) };
  assert.deepEqual(typed, i);
  assert.deepEqual(sessions, []);
  const analysisAfter = await fetchJson(page, '/api/analysis');
  assert.equal(analysisAfter.initiatives_total, analysisBefore.initiatives_total + 1);
  // And on the overview.
  await goto(page, '/');
  assert.equal(await page.locator('ul.cards li').count(), before.initiatives.length + 1, 'initiatives on the overview');
  assert.ok((await page.locator('ul.cards').innerText()).includes(i.name), 'the new initiative is not on the overview');
});

// ------------------------------------------------------------- session ----

test('editing: "Sessie toevoegen", two chains added and filled, the second moved up by keyboard, the plot by radios, saved', async () => {
  const data = await exportDataset();
  assert.ok(mine(data), `${ID} was not created (the first test failed)`);
  const theme = data.themes[0];
  assert.ok(theme, 'the network has no themes');
  state.theme = theme;

  const page = await loggedInPage(`/initiatieven/${ID}`);
  await navigation(page, () => page.getByRole('link', { name: 'Sessie toevoegen' }).click());
  assert.equal(new URL(page.url()).pathname, `/initiatieven/${ID}/sessies/nieuw`);
  assert.equal((await page.locator('h1').innerText()).trim(), `Nieuwe sessie – ${INITIATIVE.name}`);
  // The empty editor: no chains yet, axe and keyboard.
  assert.equal(await page.locator('fieldset.chain').count(), 0);
  await checkA11y(page);
  await checkKeyboardWithRadios(page);

  const s = SESSION;
  await page.getByLabel('Datum', { exact: true }).fill(s.date);
  await page.getByLabel('Soort sessie', { exact: true }).selectOption(s.kind);
  await page.getByLabel('Aantal deelnemers (geen namen)', { exact: true }).fill(String(s.participants));
  await page.getByLabel('Notities of transcript', { exact: true }).fill(s.notes);
  const top = async () => ({
    date: await page.getByLabel('Datum', { exact: true }).inputValue(),
    kind: await page.getByLabel('Soort sessie', { exact: true }).inputValue(),
    participants: Number(await page.getByLabel('Aantal deelnemers (geen namen)', { exact: true }).inputValue()),
    notes: await page.getByLabel('Notities of transcript', { exact: true }).inputValue(),
  });
  const typed = { date: s.date, kind: s.kind, participants: s.participants, notes: s.notes };

  // The first chain, by mouse: the form comes back with what was typed, focus on the new chain.
  await navigation(page, () => page.getByRole('button', { name: 'Keten toevoegen' }).click());
  assert.equal(page.response.status(), 200);
  assert.deepEqual(await top(), typed, 'the redraw after "Keten toevoegen" lost input');
  assert.equal(await page.locator('fieldset.chain').count(), 1);
  assert.equal(await focusedId(page, 'keten-0'), 'keten-0', 'focus is not on the new chain');
  await fillChain(page, 1, s.chains[0], theme);

  // The second chain, by keyboard.
  await page.getByRole('button', { name: 'Keten toevoegen' }).focus();
  await navigation(page, () => page.keyboard.press('Enter'));
  assert.deepEqual(await top(), typed, 'the second redraw lost input');
  assert.equal(await page.locator('fieldset.chain').count(), 2);
  assert.deepEqual(await chainInForm(page, 1), formChain(s.chains[0], theme), 'chain 1 after adding chain 2');
  assert.equal(await focusedId(page, 'keten-1'), 'keten-1', 'focus is not on the new chain');
  await fillChain(page, 2, s.chains[1], theme);

  // Move the second chain up: focus its button, press Enter.
  const up = chainGroup(page, 2).getByRole('button', { name: /Omhoog/ });
  assert.equal(await up.count(), 1);
  assert.match(await up.evaluate((b) => b.textContent.replace(/\s+/g, ' ')), /Omhoog: keten 2/, 'the button does not say which chain it moves');
  assert.equal(await chainGroup(page, 1).getByRole('button', { name: /Omhoog/ }).count(), 0, 'the first chain can move up');
  await up.focus();
  await navigation(page, () => page.keyboard.press('Enter'));
  assert.equal(page.response.status(), 200);
  assert.deepEqual(await chainInForm(page, 1), formChain(s.chains[1], theme), 'chain 1 after moving chain 2 up');
  assert.deepEqual(await chainInForm(page, 2), formChain(s.chains[0], theme), 'chain 2 after moving chain 2 up');
  assert.equal(await focusedId(page, 'keten-0'), 'keten-0', 'focus did not land on the moved chain (now the first)');
  assert.deepEqual(await top(), typed, 'moving a chain lost input');
  assert.deepEqual(await exportDataset(), data, 'a button that redraws the form stored something');

  // The plot: a fieldset per type with radios "leeg", 0, 1, 2.
  const plots = page.locator('fieldset.plot');
  assert.equal(await plots.count(), s.scores.length, 'plot fieldsets');
  const types = [];
  for (let n = 0; n < s.scores.length; n++) {
    const group = plots.nth(n);
    const label = (await group.locator('legend').innerText()).trim();
    const slug = (await group.locator('input[type="radio"]').first().getAttribute('name')).replace(/^llo\./, '');
    types.push({ slug, label, score: s.scores[n] });
    assert.ok(await group.getByRole('radio', { name: 'leeg' }).isChecked(), `${label}: a new session starts with an empty plot`);
    if (n % 2 === 0) {
      await group.getByRole('radio', { name: String(s.scores[n]), exact: true }).click();
    } else {
      // By keyboard: from "leeg" the arrow keys step through 0, 1, 2.
      await group.getByRole('radio', { name: 'leeg' }).focus();
      for (let k = 0; k <= s.scores[n]; k++) await page.keyboard.press('ArrowRight');
    }
    assert.ok(await group.getByRole('radio', { name: String(s.scores[n]), exact: true }).isChecked(), `${label}: score ${s.scores[n]} not chosen`);
  }
  state.types = types;
  await plots.nth(0).getByRole('textbox').fill(s.note);
  const wpl = page.getByLabel('Hoe het ontwerp werkplekleren adresseert', { exact: true });
  const wplValue = (await wpl.locator('option').evaluateAll((os) => os.map((o) => o.value))).find(Boolean);
  await wpl.selectOption(wplValue);
  state.werkplekleren = wplValue;
  const levelNames = new Map(await chainGroup(page, 1).getByLabel('Niveau', { exact: true }).locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()])));

  state.analysisBefore = await fetchJson(page, '/api/analysis');
  await navigation(page, () => saveButton(page).click());
  assert.equal(page.response.status(), 200);
  const shown = await notice(page);
  assert.equal(shown.path, `/initiatieven/${ID}`);
  assert.equal(shown.melding, 'sessie-toegevoegd');
  assert.deepEqual(shown.text, ['De sessie is toegevoegd.']);

  // Stored: what was typed, the chains in their new order.
  const stored = mine(await exportDataset());
  assert.equal(stored.sessions.length, 1, 'sessions of the new initiative');
  const session = stored.sessions[0];
  const plot = Object.fromEntries(types.map((t) => [t.slug, t.score]));
  assert.deepEqual(
    { date: session.date, kind: session.kind, participants: session.participants, notes: session.notes },
    typed,
  );
  assert.deepEqual(session.cimo, [storedChain(s.chains[1], theme), storedChain(s.chains[0], theme)]);
  assert.deepEqual(session.llo, plot);
  assert.deepEqual(currentPlot(stored), plot);
  assert.deepEqual(session.llo_notes, { [types[0].slug]: s.note });
  assert.equal(session.werkplekleren, wplValue);

  // The page: the radar chart, and the table with exactly the scores chosen.
  const plotSection = page.getByRole('region', { name: 'LLO-interventies' });
  assert.equal(await plotSection.locator('svg').count(), 1, 'no radar chart (svg) in the plot section');
  const radar = plotSection.locator('figure').getByRole('img', { name: /\S/ });
  assert.equal(await radar.count(), 1, 'the radar chart is not an image with a name');
  assert.ok(await radar.isVisible(), 'the radar chart is not visible');
  const table = page.getByRole('table', { name: 'De plot in cijfers' });
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th').textContent.trim(), tr.querySelector('td').textContent.trim(), tr.querySelectorAll('td')[1]?.textContent.trim()]),
  );
  assert.deepEqual(rows, types.map((t, n) => [t.label, String(t.score), n === 0 ? s.note : '']));

  // The chains, by level (micro before meso), each level's name as the editor named it.
  const cimo = page.getByRole('region', { name: 'Redeneerketens (CIMO)' });
  const listed = await cimo.evaluate((el) =>
    [...el.querySelectorAll(':scope > section.level > h3, :scope > section.level > div.chain')].map((c) => (c.matches('h3') ? `# ${c.textContent.trim()}` : c.querySelector('dd').textContent.trim())),
  );
  assert.deepEqual(listed, [
    `# ${levelNames.get('doelgroep')}`,
    s.chains[0].context,
    `# ${levelNames.get('werkgevers')}`,
    s.chains[1].context,
  ]);
  // The timeline: the session with its "bewerken" link.
  const timeline = page.locator('ol.timeline > li');
  assert.equal(await timeline.count(), 1);
  assert.equal(await timeline.getByRole('link', { name: /^bewerken/ }).getAttribute('href'), `/initiatieven/${ID}/sessies/0`);
  await checkA11y(page);
});

// ------------------------------------------------------------ analysis ----

test('editing: the analysis (API and page) counts the new plot, session, theme and workplace learning', async () => {
  const before = state.analysisBefore;
  assert.ok(before && state.types, 'the session was not saved (the previous test failed)');
  const page = await loggedInPage('/analyse');
  const after = await fetchJson(page, '/api/analysis');
  assert.equal(after.initiatives_total, before.initiatives_total);
  assert.equal(after.initiatives_plotted, before.initiatives_plotted + 1);
  assert.equal(after.sessions, before.sessions + 1);
  assert.deepEqual(after.sessions_by_kind, { ...before.sessions_by_kind, [SESSION.kind]: before.sessions_by_kind[SESSION.kind] + 1 });
  for (const { slug, score } of state.types) {
    const b = before.usage[slug];
    const a = after.usage[slug];
    assert.ok(b && a, `no usage of ${slug}`);
    assert.equal(a.count, b.count + (score >= 1 ? 1 : 0), `usage count of ${slug} (score ${score})`);
    assert.equal(a.extensive, b.extensive + (score === 2 ? 1 : 0), `extensive use of ${slug} (score ${score})`);
    assert.deepEqual(a.initiatives, score >= 1 ? sorted([...b.initiatives, ID]) : b.initiatives, `initiatives using ${slug}`);
  }
  assert.equal(after.breadth[ID], state.types.filter((t) => t.score >= 1).length, 'breadth of the new initiative');
  const theme = state.theme.id;
  assert.equal(after.themes[theme].count, before.themes[theme].count + 1, `initiatives with theme ${theme}`);
  assert.deepEqual(after.themes[theme].initiatives, sorted([...before.themes[theme].initiatives, ID]));
  for (const other of Object.keys(before.themes).filter((t) => t !== theme)) {
    assert.deepEqual(after.themes[other], before.themes[other], `theme ${other} was not chosen`);
  }
  assert.deepEqual(after.challenges, before.challenges, 'no challenge was chosen');
  assert.equal(after.werkplekleren[state.werkplekleren], before.werkplekleren[state.werkplekleren] + 1);
  // The page's usage table has the new counts.
  const rows = await page
    .getByRole('table', { name: 'Gebruik per type, in cijfers' })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(
    rows.map(([, count, extensive]) => [count, extensive]),
    Object.values(after.usage).map((u) => [String(u.count), String(u.extensive)]),
  );
});

// -------------------------------------------------------------- errors ----

test('editing: an impossible date and an empty interventions list give errors beside the fields, the summary links focus them, nothing is stored', async () => {
  const page = await loggedInPage(`/initiatieven/${ID}`);
  await navigation(page, () => page.locator('ol.timeline').getByRole('link', { name: /^bewerken/ }).click());
  assert.equal(new URL(page.url()).pathname, `/initiatieven/${ID}/sessies/0`);
  const before = await exportDataset();
  const session = mine(before).sessions[0];
  // The editor shows the stored session.
  assert.equal(await page.getByLabel('Datum', { exact: true }).inputValue(), session.date);
  assert.deepEqual(await chainInForm(page, 1), { mechanisms: [], outcomes: [], themes: [], ...session.cimo[0] });

  const impossible = `${session.date.slice(0, 4)}-02-30`;
  await page.getByLabel('Datum', { exact: true }).fill(impossible);
  await chainGroup(page, 1).getByLabel('Interventies (I)', { exact: true }).fill('');
  await navigation(page, () => saveButton(page).click());
  assert.equal(page.response.status(), 200, 'a form with errors is shown again with 200');
  assert.equal(new URL(page.url()).pathname, `/initiatieven/${ID}/sessies/0`);
  assert.deepEqual(await exportDataset(), before, 'a form with errors stored something');
  // The input is kept.
  assert.equal(await page.getByLabel('Datum', { exact: true }).inputValue(), impossible, 'the impossible date is not kept in the field');
  assert.equal(await chainGroup(page, 1).getByLabel('Context (C)', { exact: true }).inputValue(), session.cimo[0].context);

  const summary = page.locator('.error-summary');
  assert.equal(await summary.count(), 1, 'no error summary');
  const links = summary.getByRole('link');
  assert.equal(await links.count(), 2, `errors in the summary: ${await summary.innerText()}`);
  for (const [n, field] of ['date', 'cimo.0.interventions'].entries()) {
    const e = await fieldError(page, field);
    assert.equal(e.invalid, 'true', `${field}: not aria-invalid`);
    assert.equal(e.messages.length, 1, `${field}: aria-describedby (${e.describedby.join(' ')}) does not point at an error message`);
    assert.ok(e.beside, `${field}: the error is not beside the field`);
    assert.ok(e.visible, `${field}: the error is not visible`);
    // The summary names the same error and links to the field.
    const link = links.nth(n);
    assert.equal(await link.getAttribute('href'), `#${e.id}`, `${field}: the summary's link`);
    assert.ok((await link.innerText()).includes(e.messages[0].replace(/^Fout:\s*/, '')), `${field}: the summary says ${await link.innerText()}, beside the field: ${e.messages[0]}`);
  }
  assert.match(await page.locator('#f-date-fout').innerText(), new RegExp(impossible), 'the date error does not name the date');

  // The editor with errors: axe and keyboard (before following a link, so that Tab starts at the top).
  await checkA11y(page);
  await checkKeyboardWithRadios(page);

  // The summary's links move focus to the field: by mouse, and by keyboard.
  await links.nth(0).click();
  assert.equal(await focusedId(page, 'f-date'), 'f-date', 'the summary link did not focus the date field');
  await page.evaluate(() => document.activeElement.blur());
  await links.nth(1).focus();
  await page.keyboard.press('Enter');
  assert.equal(await focusedId(page, 'f-cimo-0-interventions'), 'f-cimo-0-interventions', 'the summary link did not focus the interventions field');
  assert.ok(await page.locator('#f-cimo-0-interventions').isVisible());
  assert.deepEqual(await exportDataset(), before, 'following the summary stored something');
});

// --------------------------------------------------------------- stale ----

/** Opens the session editor in a fresh login of `user`. */
const openEditor = (user) => loggedInPage(`/initiatieven/${ID}/sessies/0`, { user });

test('editing: a save on a stale version shows what changed meanwhile, keeps the input, and saving again works (Dutch and English)', async () => {
  await addUser(RESEARCHER, 'researcher');
  const first = await openEditor();
  const second = await openEditor(RESEARCHER);
  const start = mine(await exportDataset()).sessions[0];

  // The first saves another number of participants.
  const more = start.participants + 5;
  await first.getByLabel('Aantal deelnemers (geen namen)', { exact: true }).fill(String(more));
  await navigation(first, () => saveButton(first).click());
  assert.equal((await notice(first)).melding, 'sessie-opgeslagen');
  assert.deepEqual((await notice(first)).text, ['De sessie is opgeslagen.']);
  assert.equal(mine(await exportDataset()).sessions[0].participants, more);

  // The second, on the old version, adds a lesson: refused, with the first's change listed.
  const lesson = 'Leeruren vastleggen in het rooster werkt beter dan losse afspraken (bewerk).';
  await second.getByLabel('Geleerde lessen', { exact: true }).fill(lesson);
  await navigation(second, () => saveButton(second).click());
  assert.equal(second.response.status(), 200);
  assert.equal(new URL(second.url()).pathname, `/initiatieven/${ID}/sessies/0`);
  const conflict = second.locator('#conflict');
  assert.equal(await conflict.count(), 1, 'no conflict notice');
  assert.equal(await conflict.getAttribute('role'), 'alert');
  assert.equal(
    (await conflict.getByRole('heading').innerText()).trim(),
    'Niet opgeslagen: iemand anders heeft deze sessie intussen gewijzigd',
  );
  const changes = (await conflict.locator('li').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(changes, [`Aantal deelnemers: ${start.participants} → ${more}`], 'the changes listed');
  // Own input kept: the lesson, and the participants as the second saw them.
  assert.equal(await second.getByLabel('Geleerde lessen', { exact: true }).inputValue(), lesson);
  assert.equal(await second.getByLabel('Aantal deelnemers (geen namen)', { exact: true }).inputValue(), String(start.participants));
  const stored = mine(await exportDataset()).sessions[0];
  assert.equal(stored.participants, more, 'the refused save changed the stored session');
  assert.equal(stored.lessons, undefined, 'the refused save stored the lesson');
  await checkA11y(second);

  // Saving again stores the second's version (as the notice says: it replaces the other's).
  await navigation(second, () => saveButton(second).click());
  assert.equal((await notice(second)).melding, 'sessie-opgeslagen');
  const replaced = mine(await exportDataset()).sessions[0];
  assert.deepEqual(replaced.lessons, [lesson]);
  assert.equal(replaced.participants, start.participants);

  // Once more in English: the second switches language in the header.
  await goto(second, `/initiatieven/${ID}/sessies/0`);
  await navigation(second, () => second.getByRole('button', { name: 'English' }).click());
  await expectLang(second, 'en');
  assert.equal(new URL(second.url()).pathname, `/initiatieven/${ID}/sessies/0`);
  await goto(first, `/initiatieven/${ID}/sessies/0`);
  const notes = `${replaced.notes} Aangevuld door de beheerder.`;
  await first.getByLabel('Notities of transcript', { exact: true }).fill(notes);
  await navigation(first, () => saveButton(first).click());
  assert.equal((await notice(first)).melding, 'sessie-opgeslagen');
  await second.getByLabel('Number of participants (no names)', { exact: true }).fill(String(more));
  await navigation(second, () => saveButton(second, 'Save').click());
  await expectLang(second, 'en');
  const en = second.locator('#conflict');
  assert.equal(await en.count(), 1, 'no conflict notice in English');
  assert.equal((await en.getByRole('heading').innerText()).trim(), 'Not saved: someone else changed this session in the meantime');
  const enChanges = (await en.locator('li').allInnerTexts()).map((t) => t.trim());
  assert.equal(enChanges.length, 1, `changes listed: ${enChanges.join(' | ')}`);
  assert.match(enChanges[0], /^Notes /);
  assert.equal(await second.getByLabel('Number of participants (no names)', { exact: true }).inputValue(), String(more));
  await checkA11y(second);
  await navigation(second, () => saveButton(second, 'Save').click());
  assert.equal((await notice(second)).melding, 'sessie-opgeslagen');
  assert.deepEqual((await notice(second)).text, ['The session has been saved.']);
  const last = mine(await exportDataset()).sessions[0];
  assert.equal(last.participants, more);
  assert.equal(last.notes, replaced.notes, "the second's version replaced the first's notes");
});

// --------------------------------------------------------------- roles ----

test('editing: an initiative contact and a reader get 403 on every form and see no edit buttons', async () => {
  await addUser(CONTACT, 'contact', { initiatives: [ID] });
  await addUser(READER, 'reader');
  const before = await exportDataset();
  const forms = [
    '/initiatieven/nieuw',
    `/initiatieven/${ID}/bewerken`,
    `/initiatieven/${ID}/sessies/nieuw`,
    `/initiatieven/${ID}/sessies/0`,
  ];
  for (const user of [CONTACT, READER]) {
    for (const path of forms) {
      const page = await loggedInPage(path, { user, status: 403 });
      assert.ok(!page.browserErrorPage, `${user} ${path}: the 403 answer has an empty body`);
      assert.ok((await page.locator('h1').innerText()).trim().length > 0, `${user} ${path}: no heading`);
      assert.equal(await page.locator('main form').count(), 0, `${user} ${path}: a form on the 403 page`);
      if (path === forms[3]) await checkA11y(page);
      await page.context().close();
    }
    const page = await loggedInPage(`/initiatieven/${ID}`, { user });
    assert.equal((await page.locator('h1').innerText()).trim(), `${INITIATIVE.name} (${INITIATIVE.short_name})`);
    for (const name of ['Initiatief bewerken', 'Sessie toevoegen', /^bewerken/]) {
      assert.equal(await page.getByRole('link', { name }).count(), 0, `${user} sees "${name}"`);
    }
    assert.equal(await page.locator('main a[href*="/sessies/"], main a[href$="/bewerken"]').count(), 0, `${user} sees a link to an editor`);
    await goto(page, '/');
    assert.equal(await page.getByRole('link', { name: 'Nieuw initiatief' }).count(), 0, `${user} sees "Nieuw initiatief"`);
    // Posting the forms anyway (with the user's own CSRF token) is refused too.
    const { csrf_token: csrf } = await fetchJson(page, '/api/me');
    const session = before.initiatives.find((i) => i.id === ID).sessions[0];
    for (const [path, form] of [
      [`/initiatieven/${ID}/sessies/0`, { csrf, version: '1', action: 'save', date: session.date, kind: session.kind }],
      [`/initiatieven/${ID}/sessies/nieuw`, { csrf, version: '0', action: 'save', date: session.date, kind: session.kind }],
      ['/initiatieven/nieuw', { csrf, action: 'save', id: `${ID}-${user}`, name: 'Mag niet' }],
      [`/initiatieven/${ID}/bewerken`, { csrf, version: '1', action: 'save', name: 'Mag niet' }],
    ]) {
      const response = await page.request.post(new URL(path, page.url()).href, { form, maxRedirects: 0 });
      assert.equal(response.status(), 403, `${user} POST ${path}: status ${response.status()}`);
    }
    await page.context().close();
  }
  assert.deepEqual(await exportDataset(), before, 'a contact or reader changed the data');
});

// ------------------------------------------------------------- English ----

test('editing: the initiative form, the empty editor and the editor with errors in English, no axe violations', async () => {
  const page = await loggedInPage('/initiatieven/nieuw');
  await navigation(page, () => page.getByRole('button', { name: 'English' }).click());
  await expectLang(page, 'en');
  assert.equal(new URL(page.url()).pathname, '/initiatieven/nieuw');
  assert.equal((await page.locator('h1').innerText()).trim(), 'New initiative');
  await checkA11y(page);
  // Submitted empty: errors, in English.
  const before = await exportDataset();
  await navigation(page, () => page.getByRole('button', { name: 'Create the initiative' }).click());
  await expectLang(page, 'en');
  assert.ok(await page.locator('.error-summary').isVisible(), 'no error summary');
  assert.equal((await page.locator('#fouten-titel').innerText()).trim(), 'Something needs fixing');
  await checkA11y(page);

  await goto(page, `/initiatieven/${ID}/sessies/nieuw`);
  await expectLang(page, 'en');
  assert.equal((await page.locator('h1').innerText()).trim(), `New session – ${INITIATIVE.name}`);
  await checkA11y(page);
  await checkKeyboardWithRadios(page);

  await goto(page, `/initiatieven/${ID}/sessies/0`);
  await page.getByLabel('Date', { exact: true }).fill('2025-13-01');
  await page.getByRole('group', { name: 'Chain 1', exact: true }).getByLabel('Interventions (I)', { exact: true }).fill('');
  await navigation(page, () => saveButton(page, 'Save').click());
  await expectLang(page, 'en');
  assert.equal((await page.locator('#fouten-titel').innerText()).trim(), 'Something needs fixing');
  for (const field of ['date', 'cimo.0.interventions']) {
    const e = await fieldError(page, field);
    assert.equal(e.invalid, 'true', `${field}: not aria-invalid`);
    assert.equal(e.messages.length, 1, `${field}: no error message`);
    assert.ok(e.beside && e.visible, `${field}: the error is not shown beside the field`);
  }
  await checkA11y(page);
  assert.deepEqual(await exportDataset(), before, 'the English forms with errors stored something');
});

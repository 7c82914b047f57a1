// One initiative, `/initiatieven/{id}`: context, sessions, the current plot
// as a radar chart and as numbers, workplace learning, CIMO chains; checked
// against the data (the export of the server's database).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedInPage, exportDataset, currentPlot, expectLang, checkA11y, checkKeyboard } from './support.mjs';

const sorted = (list) => [...list].sort();

/** The five LLO types as the app names them: slug -> Dutch label, from the overview's type filter. */
async function typeLabels() {
  const page = await loggedInPage('/');
  const options = await page.locator('#type option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()]));
  await page.context().close();
  return new Map(options.filter(([value]) => value));
}

/** The initiatives of the export: one with a plot (preferably one whose latest session has none), one without sessions. */
async function examples() {
  const { initiatives } = await exportDataset();
  const plotted = initiatives.filter((i) => currentPlot(i));
  assert.ok(plotted.length > 0, 'no initiative in the demo network has a plot');
  const latest = (i) => [...i.sessions].sort((a, b) => a.date.localeCompare(b.date)).at(-1);
  const withPlot = plotted.find((i) => !latest(i).llo) ?? plotted[0];
  const withoutSessions = initiatives.find((i) => !(i.sessions ?? []).length);
  return { initiatives, plotted, withPlot, withoutSessions };
}

/** The rows of the table "De plot in cijfers" as label -> score. */
async function plotTable(page) {
  const table = page.getByRole('table', { name: 'De plot in cijfers' });
  assert.equal(await table.count(), 1, 'no table "De plot in cijfers"');
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th')?.textContent.trim(), tr.querySelector('td')?.textContent.trim()]),
  );
  return rows;
}

test('initiative: in Dutch, with the name as heading and the sections', async () => {
  const { withPlot } = await examples();
  const page = await loggedInPage(`/initiatieven/${withPlot.id}`);
  await expectLang(page, 'nl');
  const h1 = (await page.locator('h1').innerText()).trim();
  assert.equal(h1, withPlot.short_name ? `${withPlot.name} (${withPlot.short_name})` : withPlot.name);
  const h2 = (await page.locator('main h2').allInnerTexts()).map((t) => t.trim());
  for (const heading of ['Vraagstuk in context en doelgroep', 'Reflexieve sessies', 'LLO-interventies', 'Werkplekleren', 'Redeneerketens (CIMO)']) {
    assert.ok(h2.includes(heading), `no section "${heading}" (h2: ${h2.join(' | ')})`);
  }
  // The timeline has every session.
  assert.equal(await page.locator('ol.timeline > li').count(), withPlot.sessions.length, 'sessions on the timeline');
});

test('initiative: the radar chart is shown and the table has the scores of the current plot (none without a plot)', async () => {
  const { plotted, withPlot } = await examples();
  const labels = await typeLabels();
  assert.equal(labels.size, 5, `expected five LLO types, the type filter offers ${[...labels.keys()].join(', ')}`);
  // The chosen one first (its latest session has no plot, if there is such), then every other.
  for (const initiative of [withPlot, ...plotted.filter((i) => i !== withPlot)]) {
    const page = await loggedInPage(`/initiatieven/${initiative.id}`);
    const what = `initiative ${initiative.id}`;
    const radar = page.locator('main figure').getByRole('img', { name: /\S/ });
    assert.equal(await radar.count(), 1, `${what}: no radar chart (svg role=img with a name) in a figure`);
    assert.ok(await radar.isVisible(), `${what}: the radar chart is not visible`);
    const box = await radar.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `${what}: the radar chart is ${JSON.stringify(box)}`);
    const plot = currentPlot(initiative);
    const expected = [...labels].map(([slug, label]) => [label, String(plot[slug] ?? 0)]);
    assert.deepEqual(await plotTable(page), expected, `${what}: the plot in numbers`);
    await page.context().close();
  }
  // Those without a plot (also with sessions) have neither chart nor table.
  const { initiatives } = await exportDataset();
  for (const initiative of initiatives.filter((i) => !currentPlot(i))) {
    const page = await loggedInPage(`/initiatieven/${initiative.id}`);
    const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'LLO-interventies' }) });
    assert.equal(await section.locator('svg').count(), 0, `initiative ${initiative.id}: a chart without a plot`);
    assert.equal(await section.locator('table').count(), 0, `initiative ${initiative.id}: a table without a plot`);
    assert.equal((await section.locator('p').innerText()).trim(), 'Nog geen plot.', `initiative ${initiative.id}`);
    await page.context().close();
  }
});

test('initiative: per level the current chains with the session they come from, earlier ones one click away, terms by name', async () => {
  const { initiatives, themes = [], challenges = [] } = await exportDataset();
  const LEVELS = ['doelgroep', 'werkgevers', 'regio'];
  const day = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
  const dateText = (iso) => day.format(new Date(`${iso}T12:00:00Z`));
  const name = (list, id) => list.find((t) => t.id === id)?.name ?? id;
  let withEarlier = 0;
  for (const initiative of initiatives.filter((i) => (i.sessions ?? []).length)) {
    const what = `initiative ${initiative.id}`;
    const newestFirst = initiative.sessions
      .map((s, n) => ({ s, n }))
      .sort((a, b) => b.s.date.localeCompare(a.s.date) || b.n - a.n)
      .map(({ s }) => s);
    const page = await loggedInPage(`/initiatieven/${initiative.id}`);
    const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Redeneerketens (CIMO)' }) });
    assert.equal(await section.count(), 1, `${what}: no section "Redeneerketens (CIMO)"`);
    const shown = await section.locator('section.level').evaluateAll((levels) => levels.map((l) => ({
      heading: l.querySelector('h3').textContent.trim(),
      source: l.querySelector(':scope > p').textContent.trim(),
      current: [...l.querySelectorAll(':scope > div.chain')].map((c) => c.querySelector('dd').textContent.trim()),
      earlier: [...l.querySelectorAll(':scope > details div.chain')].map((c) => c.querySelector('dd').textContent.trim()),
      open: l.querySelector('details')?.open ?? null,
    })));
    const expected = LEVELS.map((level) => {
      const sessions = newestFirst.filter((s) => (s.cimo ?? []).some((c) => c.level === level));
      const contexts = (s) => s.cimo.filter((c) => c.level === level).map((c) => c.context);
      return sessions.length ? { level, source: sessions[0], current: contexts(sessions[0]), earlier: sessions.slice(1).flatMap(contexts) } : null;
    }).filter(Boolean);
    assert.equal(shown.length, expected.length, `${what}: levels ${JSON.stringify(shown.map((l) => l.heading))}`);
    expected.forEach((e, n) => {
      const got = shown[n];
      assert.ok(got.heading.toLowerCase().startsWith(e.level), `${what}: level ${n} is ${got.heading}, expected ${e.level}`);
      assert.ok(got.source.includes(dateText(e.source.date)), `${what}, ${e.level}: "${got.source}" does not name the session of ${e.source.date}`);
      assert.deepEqual(got.current, e.current, `${what}, ${e.level}: the current chains`);
      assert.deepEqual(got.earlier, e.earlier, `${what}, ${e.level}: the earlier chains`);
      if (e.earlier.length) {
        withEarlier += 1;
        assert.equal(got.open, false, `${what}, ${e.level}: the earlier chains are not one click away (closed details)`);
      }
    });
    // Themes and challenges by their names, never their ids: each chain's
    // "Thema's" and "Gedeelde uitdagingen" hold the names, in order.
    const terms = await section.locator('div.chain').evaluateAll((chains) => chains.flatMap((c) =>
      [...c.querySelectorAll('dt')].filter((dt) => ["Thema's", 'Gedeelde uitdagingen'].includes(dt.textContent.trim()))
        .map((dt) => dt.nextElementSibling.textContent.trim())));
    const wanted = LEVELS.flatMap((level) => newestFirst.filter((s) => (s.cimo ?? []).some((c) => c.level === level))
      .flatMap((s) => s.cimo.filter((c) => c.level === level))
      .flatMap((c) => [
        ...(c.challenges?.length ? [c.challenges.map((id) => name(challenges, id)).join(', ')] : []),
        ...(c.themes?.length ? [c.themes.map((id) => name(themes, id)).join(', ')] : []),
      ]));
    assert.deepEqual(terms, wanted, `${what}: the themes and challenges of the chains, by name`);
    // Workplace learning says which session it comes from, without "ontwerp ... ontwerp".
    const wpl = (await page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Werkplekleren' }) }).locator('p').first().innerText()).trim();
    assert.ok(!/ontwerp.*ontwerp/.test(wpl), `${what}: "${wpl}"`);
    const stated = newestFirst.find((s) => s.werkplekleren);
    if (stated) assert.ok(wpl.includes(dateText(stated.date)), `${what}: "${wpl}" does not name the session of ${stated.date}`);
    await page.context().close();
  }
  assert.ok(withEarlier > 0, 'the demo network has no level with earlier chains, so the details were not checked');
});

test('initiative: no WCAG 2.1 A/AA violations (axe-core), with a plot and without sessions', async () => {
  const { withPlot, withoutSessions } = await examples();
  for (const i of [withPlot, withoutSessions].filter(Boolean)) {
    const page = await loggedInPage(`/initiatieven/${i.id}`);
    await checkA11y(page);
    await page.context().close();
  }
});

test('initiative: every focusable element is reached with Tab and shows focus', async () => {
  const { withPlot } = await examples();
  const page = await loggedInPage(`/initiatieven/${withPlot.id}`);
  await checkKeyboard(page);
});

test('initiative: without sessions it says "Nog geen sessies." and has no plot', async () => {
  const { withoutSessions } = await examples();
  assert.ok(withoutSessions, 'the demo network has no initiative without sessions');
  const page = await loggedInPage(`/initiatieven/${withoutSessions.id}`);
  assert.equal((await page.locator('h1').innerText()).trim().startsWith(withoutSessions.name), true);
  const sessions = page.locator('section', { has: page.getByRole('heading', { name: 'Reflexieve sessies' }) });
  assert.equal((await sessions.locator('p').innerText()).trim(), 'Nog geen sessies.');
  assert.equal(await page.locator('main figure').count(), 0, 'a chart without a plot');
  assert.equal(await page.getByRole('table', { name: 'De plot in cijfers' }).count(), 0, 'a plot table without a plot');
  assert.match(await page.locator('main').innerText(), /Nog geen plot\./);
  // The next step, adding a session, comes before the downloads.
  const order = await page.locator('main').evaluate((main) => {
    const add = [...main.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Sessie toevoegen');
    const download = [...main.querySelectorAll('a')].find((a) => /^Portret downloaden/.test(a.textContent.trim()));
    return add && download ? add.compareDocumentPosition(download) & Node.DOCUMENT_POSITION_FOLLOWING : null;
  });
  assert.ok(order, '"Sessie toevoegen" does not come before "Portret downloaden"');
});

test('initiative: in English (?lang=en), the same plot, no axe violations', async () => {
  const { withPlot } = await examples();
  const page = await loggedInPage(`/initiatieven/${withPlot.id}?lang=en`);
  await expectLang(page, 'en');
  const h2 = (await page.locator('main h2').allInnerTexts()).map((t) => t.trim());
  for (const heading of ['Problem in context and target group', 'Reflexive sessions', 'LLO interventions', 'Workplace learning', 'CIMO chains']) {
    assert.ok(h2.includes(heading), `no section "${heading}" (h2: ${h2.join(' | ')})`);
  }
  const scores = await page
    .getByRole('table', { name: 'The plot in numbers' })
    .locator('tbody td.num')
    .allInnerTexts();
  const plot = currentPlot(withPlot);
  assert.deepEqual(sorted(scores.map((x) => x.trim())), sorted(Object.values(plot).map(String)));
  await checkA11y(page);
});

test('initiative: an unknown id shows the Dutch 404 page "Niet gevonden"', async () => {
  const { initiatives } = await exportDataset();
  const id = 'bestaat-niet';
  assert.ok(!initiatives.some((i) => i.id === id));
  const page = await loggedInPage(`/initiatieven/${id}`, { status: 404 });
  assert.ok(!page.browserErrorPage, 'the 404 answer has an empty body');
  await expectLang(page, 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Niet gevonden');
  await checkA11y(page);
});

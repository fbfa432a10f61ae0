// The privacy notice every public form links to, the footer's privacy and source links (AGPL section 13),
// and the quick exit on the pages a child or family at risk may be reading, in every public language.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { loadConfig, DEFAULT_SOURCE_URL } from '../config.ts';
import { readLocale, SITE_LANGUAGES } from '../i18n/i18n.ts';
import { QUICK_EXIT_URL } from './quick-exit.ts';

const text = (language: string, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], readLocale(language)) as string;
const escaped = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describeOnEngines('Privacy notice, source link and quick exit', (engine) => {
  let world: TestWorld;
  let slug: string;

  before(async () => {
    world = await startTestWorld(engine);
    ({ slug } = await approvedAlert(world));
  });
  after(() => world.close());

  const get = (url: string) => world.app.inject({ method: 'GET', url });

  it('links the privacy notice and the source code from the footer of every public page, in every language', async () => {
    const pages = [
      '/',
      '/appeals',
      `/appeals/${slug}`,
      `/appeals/${slug}/sighting`,
      '/report',
      '/alerts/sign-up',
      '/support/running-away',
      '/support/families',
      '/privacy',
    ];
    for (const language of SITE_LANGUAGES) {
      for (const path of pages) {
        const response = await get(`${path}?lang=${language}`);
        assert.equal(response.statusCode, 200, `${path} in ${language}`);
        const footer = response.body.slice(response.body.indexOf('<footer'));
        assert.ok(
          footer.includes(`href="/privacy?lang=${language}">${escaped(text(language, 'legal.privacyLink'))}</a>`),
          `${path} in ${language}: privacy link`,
        );
        assert.ok(
          footer.includes(`href="/source">${escaped(text(language, 'legal.sourceCode'))}</a>`),
          `${path} in ${language}: source link`,
        );
      }
    }
  });

  it('sends "Source code" to SOURCE_URL, with the project repository by default', async () => {
    assert.equal(loadConfig({}).sourceUrl, DEFAULT_SOURCE_URL);
    assert.equal(loadConfig({ SOURCE_URL: 'https://git.police.example/forgetmenot' }).sourceUrl, 'https://git.police.example/forgetmenot');
    assert.throws(() => loadConfig({ SOURCE_URL: 'javascript:alert(1)' }), /SOURCE_URL/);
    const response = await get('/source');
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, world.deps.config.sourceUrl);
  });

  it('has a privacy notice in every language saying who holds the data, why, how long, the rights and whom to contact', async () => {
    for (const language of SITE_LANGUAGES) {
      const response = await get(`/privacy?lang=${language}`);
      assert.equal(response.statusCode, 200);
      assert.match(response.body, new RegExp(`<html lang="${language}"`));
      for (const key of ['title', 'who', 'what', 'photos', 'alerts', 'howLong', 'rights', 'complain', 'contact', 'device']) {
        assert.ok(response.body.includes(escaped(text(language, `legal.privacy.${key}`))), `${language}: ${key}`);
      }
    }
  });

  it('links the privacy notice from the sighting, report and sign-up forms, and says the police keep the photo with its metadata', async () => {
    for (const language of SITE_LANGUAGES) {
      for (const path of [`/appeals/${slug}/sighting`, '/report', '/alerts/sign-up']) {
        const body = (await get(`${path}?lang=${language}`)).body;
        const form = body.slice(body.indexOf('<form'), body.indexOf('</form>'));
        assert.ok(
          form.includes(`<a href="/privacy?lang=${language}">${escaped(text(language, 'legal.formLink'))}</a>`),
          `${path} in ${language}`,
        );
      }
    }
    const sighting = (await get(`/appeals/${slug}/sighting?lang=en`)).body;
    assert.match(sighting, /They keep the original as you sent it, with its metadata/);
  });

  it('puts a quick exit on the report, support and sighting pages, first on the page, in every language', async () => {
    for (const language of SITE_LANGUAGES) {
      for (const path of ['/report', '/support/running-away', '/support/families', `/appeals/${slug}/sighting`]) {
        const body = (await get(`${path}?lang=${language}`)).body;
        const exit = body.indexOf(`<a id="quick-exit" class="quick-exit-button" href="${QUICK_EXIT_URL}"`);
        assert.ok(exit > 0, `${path} in ${language}`);
        assert.ok(exit < body.indexOf('<header'), 'before anything else on the page');
        assert.ok(body.includes(`>${escaped(text(language, 'quickExit.button'))}</a>`));
        assert.ok(body.includes('<script src="/quick-exit.js" defer></script>'));
      }
    }
    const script = await get('/quick-exit.js');
    assert.equal(script.statusCode, 200);
    assert.match(script.body, /location\.replace/);
  });
});

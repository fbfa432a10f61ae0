// A long-term appeal's social media kit over HTTP, on both databases: share images decoded back (size, no
// metadata, different per language, made again when the photo changes), the QR code's modules read back
// from the PNG and compared with the code of the page's address, the share area on the appeal page in the
// reader's language, the JSON kit for partners, and all of it gone (410) once the appeal is withdrawn.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { SITE_LANGUAGES } from '../i18n/i18n.ts';
import { NETWORK_RULES, NETWORKS } from './post-texts.ts';
import type { Kit } from './kit.ts';
import { addPhoto, publishedAppeal } from './kits.test-support.ts';

describeOnEngines('social media kits', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());
  const get = (url: string) => world.app.inject({ method: 'GET', url });
  const path = (url: string) => url.slice(world.deps.config.publicUrl.length);

  it('makes share images of the right sizes, without metadata, different per language, and new when the photo changes', async () => {
    const appeal = await publishedAppeal(world);
    const kit = JSON.parse((await get(`/missing/${appeal.slug}/kit.json`)).body) as Kit;
    const images = new Map<string, Buffer>();
    for (const language of ['en', 'ar', 'pa']) {
      const entry = kit.languages.find((l) => l.language === language)!;
      for (const format of ['landscape', 'square'] as const) {
        const response = await get(path(entry.images[format].url));
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.headers['content-type'], 'image/jpeg');
        const metadata = await sharp(response.rawPayload).metadata();
        assert.deepEqual(
          [metadata.format, metadata.width, metadata.height],
          ['jpeg', entry.images[format].width, entry.images[format].height],
        );
        assert.equal(metadata.exif, undefined, 'no EXIF');
        assert.equal(metadata.xmp, undefined, 'no XMP');
        assert.equal(metadata.iptc, undefined, 'no IPTC');
        assert.equal(metadata.icc, undefined, 'no ICC profile');
        images.set(`${language}:${format}`, response.rawPayload);
      }
    }
    assert.deepEqual([kit.languages[0]!.images.landscape.width, kit.languages[0]!.images.square.height], [1200, 1080]);
    assert.notDeepEqual(images.get('en:landscape'), images.get('ar:landscape'), 'each language has its own image');
    assert.notDeepEqual(images.get('ar:square'), images.get('pa:square'));

    await addPhoto(world, appeal);
    const after = JSON.parse((await get(`/missing/${appeal.slug}/kit.json`)).body) as Kit;
    assert.ok(after.version > kit.version);
    const withPhoto = await get(path(after.languages[0]!.images.landscape.url));
    assert.equal(withPhoto.statusCode, 200);
    assert.notDeepEqual(withPhoto.rawPayload, images.get('en:landscape'), 'a new photo makes a new image');
    const again = await get(path(kit.languages[0]!.images.landscape.url));
    assert.deepEqual(again.rawPayload, withPhoto.rawPayload, 'an older address serves the current image');
    assert.equal((await get(`/missing/${appeal.slug}/kit/xx/landscape.jpg`)).statusCode, 400);
  });

  it('gives a QR code of the page in each language, as PNG and SVG, whose modules are the code of that address', async () => {
    const appeal = await publishedAppeal(world, 'Qrcase');
    const kit = JSON.parse((await get(`/missing/${appeal.slug}/kit.json`)).body) as Kit;
    for (const language of ['en', 'cy', 'ur']) {
      const entry = kit.languages.find((l) => l.language === language)!;
      assert.equal(entry.url, `${world.deps.config.publicUrl}/missing/${appeal.slug}?lang=${language}`);
      const png = await get(path(entry.qr.png));
      assert.equal(png.headers['content-type'], 'image/png');
      const expected = QRCode.create(entry.url, { errorCorrectionLevel: 'M' }).modules;
      const { data, info } = await sharp(png.rawPayload).greyscale().raw().toBuffer({ resolveWithObject: true });
      // Scale 10, margin 2: module (r, c) is the 10 × 10 square at ((c + 2) × 10, (r + 2) × 10).
      assert.equal(info.width, (expected.size + 4) * 10);
      for (let row = 0; row < expected.size; row++) {
        for (let column = 0; column < expected.size; column++) {
          const pixel = data[((row + 2) * 10 + 5) * info.width + (column + 2) * 10 + 5]!;
          assert.equal(pixel < 128, expected.get(row, column) === 1, `module ${row},${column} of ${language}`);
        }
      }
      const svg = await get(path(entry.qr.svg));
      assert.equal(svg.headers['content-type'], 'image/svg+xml');
      assert.equal(svg.body, await QRCode.toString(entry.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    }
  });

  it('offers the kit on the appeal page in the reader’s language, and as JSON for every site language', async () => {
    const appeal = await publishedAppeal(world, 'Pagecase');
    const page = await get(`/missing/${appeal.slug}?lang=cy`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Rhannu'r apêl hon|Rhannu&#39;r apêl hon/);
    for (const network of NETWORKS) assert.match(page.body, new RegExp(`<textarea id="kit-post-${network}" readonly`));
    assert.match(page.body, new RegExp(`/missing/${appeal.slug}/kit/cy/landscape\\.jpg`));
    assert.match(page.body, /<script src="\/kit\.js" defer><\/script>/);
    const card = new RegExp(
      `<meta property="og:image" content="${world.deps.config.publicUrl}/missing/${appeal.slug}/kit/cy/landscape\\.jpg\\?v=\\d+">`,
    );
    assert.match(page.body, card, "a shared link shows the share image in the reader's language");
    assert.match(page.body, /<meta name="twitter:card" content="summary_large_image">/);
    assert.equal((await get('/kit.js')).statusCode, 200);

    const response = await get(`/missing/${appeal.slug}/kit.json`);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    const kit = JSON.parse(response.body) as Kit;
    assert.deepEqual(
      kit.languages.map((l) => l.language),
      [...SITE_LANGUAGES],
    );
    for (const entry of kit.languages) {
      assert.deepEqual(
        entry.posts.map((p) => p.network),
        [...NETWORKS],
      );
      for (const post of entry.posts) {
        assert.ok(post.length <= NETWORK_RULES[post.network].limit, `${post.network} in ${entry.language}`);
        assert.ok(post.text.includes(entry.url), 'every post links the page in its language');
        assert.ok(post.text.includes('116 000'), 'and gives the number to call');
      }
    }
    const arabic = kit.languages.find((l) => l.language === 'ar')!;
    assert.ok(arabic.posts[0]!.text.startsWith('أميليا Pagecase'), "the appeal's own Arabic headline");
  });

  it('is gone (410) once the appeal is withdrawn, and so are its images and codes', async () => {
    const appeal = await publishedAppeal(world, 'Gonecase');
    const kit = JSON.parse((await get(`/missing/${appeal.slug}/kit.json`)).body) as Kit;
    assert.equal((await get(path(kit.languages[0]!.images.square.url))).statusCode, 200);
    const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/long-term-appeals/${appeal.id}/withdraw`, {
      reason: 'found',
    });
    assert.equal(withdrawn.statusCode, 204, withdrawn.body);
    const gone = await get(`/missing/${appeal.slug}/kit.json`);
    assert.equal(gone.statusCode, 410);
    assert.equal(gone.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((JSON.parse(gone.body) as { status: number }).status, 410);
    for (const url of [kit.languages[0]!.images.square.url, kit.languages[0]!.images.landscape.url, kit.languages[0]!.qr.png])
      assert.equal((await get(path(url))).statusCode, 410, url);
    assert.equal((await get('/missing/000000000000/kit.json')).statusCode, 404);
  });
});

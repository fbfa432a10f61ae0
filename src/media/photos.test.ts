// Photos: EXIF and GPS are gone from every stored variant; the type comes from the bytes; bombs and
// non-images are refused with nothing stored.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { filesystemMediaStore } from './media-store.ts';
import { storePhoto } from './photos.ts';
import { Problem } from '../http/problem.ts';
import { jpegWithGps, pngBomb } from '../../test/support/images.ts';

function tempStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-photos-'));
  const files = () => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.jpg')) : []);
  return { dir, media: filesystemMediaStore(dir), files, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('storing photos', () => {
  it('strips EXIF and GPS from every variant, read back from the store', async () => {
    const upload = await jpegWithGps();
    const input = await sharp(upload).metadata();
    assert.ok(input.exif, 'the test photo carries EXIF');
    assert.equal(input.orientation, 6);
    assert.ok(input.exif.includes(Buffer.from([0x88, 0x25])) || input.exif.includes(Buffer.from([0x25, 0x88])), 'with a GPS IFD pointer');
    const store = tempStore();
    try {
      const stored = await storePhoto(store.media, upload);
      // Orientation 6 means the camera was turned: the stored photo is upright, 900 wide and 1200 high.
      assert.equal(stored.width, 900);
      assert.equal(stored.height, 1200);
      for (const [variant, key] of Object.entries(stored.variants)) {
        const file = await store.media.get(key);
        assert.ok(file, variant);
        const metadata = await sharp(file.bytes).metadata();
        assert.equal(metadata.exif, undefined, `${variant} has no EXIF`);
        assert.equal(metadata.xmp, undefined, `${variant} has no XMP`);
        assert.equal(metadata.orientation, undefined);
        assert.ok(!file.bytes.includes(Buffer.from('PhoneMaker')), `${variant} carries no camera make`);
        assert.ok(metadata.height >= metadata.width, `${variant} is upright`);
      }
      const thumb = await sharp((await store.media.get(stored.variants.thumb))!.bytes).metadata();
      assert.ok(Math.max(thumb.width, thumb.height) <= 240);
    } finally {
      store.cleanup();
    }
  });

  it('reads the type from the bytes: PNG and WebP are accepted whatever they are called', async () => {
    const store = tempStore();
    try {
      for (const bytes of [
        await sharp({ create: { width: 50, height: 40, channels: 3, background: '#000' } })
          .png()
          .toBuffer(),
        await sharp({ create: { width: 50, height: 40, channels: 3, background: '#000' } })
          .webp()
          .toBuffer(),
      ]) {
        const stored = await storePhoto(store.media, bytes);
        assert.equal(stored.width, 50);
      }
    } finally {
      store.cleanup();
    }
  });

  for (const [name, bytes] of [
    ['a text file', Buffer.from('<script>alert(1)</script> not an image')],
    ['an empty-looking JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ['a GIF', Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')],
    ['a decompression bomb (50,000 × 50,000 pixels claimed)', pngBomb(50_000)],
  ] as const) {
    it(`refuses ${name} with a 422 and stores nothing`, async () => {
      const store = tempStore();
      try {
        await assert.rejects(storePhoto(store.media, bytes), (error: unknown) => error instanceof Problem && error.status === 422);
        assert.deepEqual(store.files(), []);
      } finally {
        store.cleanup();
      }
    });
  }
});

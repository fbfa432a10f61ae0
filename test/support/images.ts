// Images made for tests: a phone photo with GPS, and the shape of a decompression bomb.
import zlib from 'node:zlib';
import sharp from 'sharp';

/** A JPEG with a camera make, a GPS position and a rotation in its EXIF, as a phone would write it. */
export async function jpegWithGps(width = 1200, height = 900): Promise<Buffer> {
  const withGps = await sharp({ create: { width, height, channels: 3, background: '#6b8e23' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 45/1 7/1', GPSLongitudeRef: 'W', GPSLongitude: '1/1 15/1 28/1' },
    })
    .toBuffer();
  // Orientation 6: the phone was held upright, so the stored pixels are on their side.
  return sharp(withGps).keepExif().withMetadata({ orientation: 6 }).jpeg().toBuffer();
}

/** A PNG whose header claims `side`×`side` pixels over a few bytes of data: a decompression bomb's shape. */
export function pngBomb(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(side + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A multipart/form-data body with one file field (and any text fields), as a browser's photo upload sends it. */
export function multipartPhoto(bytes: Buffer, field = 'photo', filename = 'photo.jpg', fields: Record<string, string> = {}) {
  const boundary = 'testboundary7d1f';
  const texts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    payload: Buffer.concat([
      Buffer.from(texts.join('')),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

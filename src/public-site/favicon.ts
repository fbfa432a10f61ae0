// The site's icon: a forget-me-not (five round blue petals, a white ring and a yellow eye), drawn as SVG,
// and the same drawing as an ICO for browsers and tools that ask for /favicon.ico. The ICO holds PNGs
// rendered from the SVG with sharp when first asked for, then kept in memory.
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';

function petals(): string {
  return [0, 1, 2, 3, 4]
    .map((index) => {
      const angle = ((-90 + index * 72) * Math.PI) / 180;
      const x = (16 + 8.2 * Math.cos(angle)).toFixed(2);
      const y = (16 + 8.2 * Math.sin(angle)).toFixed(2);
      return `<circle cx="${x}" cy="${y}" r="6.6"/>`;
    })
    .join('');
}

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><g fill="#3b6fd1" stroke="#24489a" stroke-width="0.8">${petals()}</g><circle cx="16" cy="16" r="4.6" fill="#fff"/><circle cx="16" cy="16" r="2.6" fill="#f4c430"/></svg>`;

const ICO_SIZES = [16, 32, 48];

/** An ICO file of PNG images (allowed since Windows Vista, and by every current browser). */
export async function faviconIco(svg: string = FAVICON_SVG): Promise<Buffer> {
  const images = await Promise.all(
    ICO_SIZES.map((size) =>
      sharp(Buffer.from(svg), { density: 72 * (size / 32) * 4 })
        .resize(size, size)
        .png()
        .toBuffer(),
    ),
  );
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(ICO_SIZES[index]!, entry); // width
    header.writeUInt8(ICO_SIZES[index]!, entry + 1); // height
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(image.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([header, ...images]);
}

export function registerFaviconRoutes(app: FastifyInstance): void {
  let ico: Promise<Buffer> | undefined;
  const cache = 'public, max-age=86400';
  app.get('/favicon.svg', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', cache).type('image/svg+xml').send(FAVICON_SVG),
  );
  app.get('/favicon.ico', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    ico ??= faviconIco().catch((error: unknown) => {
      ico = undefined;
      throw error;
    });
    return reply
      .header('Cache-Control', cache)
      .type('image/x-icon')
      .send(await ico);
  });
}

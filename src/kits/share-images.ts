// Share images of an appeal, made on the server: landscape (1200 × 630, the size Facebook, X, LinkedIn and
// WhatsApp previews use) and square (1080 × 1080, Instagram's), from the appeal's current photo and its facts.
// Text is set by Pango (through sharp's text input) with fontconfig's fonts: it shapes Arabic and Urdu right
// to left and joined, and the Indic scripts (Gurmukhi, Bengali) with their clusters, falling back per script
// to a Noto font (Debian's fonts-noto-core). Nothing of the photo's metadata, nor any other, is written out.
import sharp, { type OverlayOptions } from 'sharp';
import { isRightToLeft } from '../i18n/i18n.ts';
import { FAVICON_SVG } from '../public-site/favicon.ts';

export const SHARE_FORMATS = {
  landscape: { width: 1200, height: 630 },
  square: { width: 1080, height: 1080 },
} as const;
export type ShareFormat = keyof typeof SHARE_FORMATS;

export interface ShareImageFacts {
  language: string;
  /** "MISSING CHILD" in the image's language. */
  kicker: string;
  name: string;
  /** Missing since, age when missing: one line each. */
  facts: string[];
  /** What to do, with the numbers. */
  call: string;
  /** The appeal's address as printed (without the scheme). */
  address: string;
  siteName: string;
  /** The appeal's current public photo (already without metadata), if it has one. */
  photo: Buffer | undefined;
}

const INK = '#1b1b1f';
const ALERT = '#b91c1c';
const BAND = '#0f172a';
const FONT = 'Noto Sans';
const MARGIN = 48;

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

interface TextBlock {
  text: string;
  size: number;
  bold?: boolean;
  colour: string;
}

interface Rendered {
  input: Buffer;
  width: number;
  height: number;
}

/** One block of wrapped text, at most `maxHeight` tall: set smaller until it fits. */
async function renderText(block: TextBlock, language: string, width: number, maxHeight: number): Promise<Rendered> {
  // A phone number is never broken across lines ("116 000").
  const text = block.text.replace(/(\d) (?=\d)/g, '$1\u00a0');
  const markup = `<span lang="${escapeMarkup(language)}" foreground="${block.colour}"${block.bold ? ' weight="bold"' : ''}>${escapeMarkup(text)}</span>`;
  const render = async (size: number) => {
    const { data, info } = await sharp({
      text: { text: markup, font: `${FONT} ${size}`, width, dpi: 72, rgba: true, wrap: 'word-char', align: 'left' },
    })
      .png()
      .toBuffer({ resolveWithObject: true });
    return { input: data, width: info.width, height: info.height };
  };
  let size = block.size;
  let rendered = await render(size);
  while (rendered.height > maxHeight && size > 12) {
    size = Math.max(12, Math.floor(size * 0.8));
    rendered = await render(size);
  }
  if (rendered.height > maxHeight) {
    // Still too tall at the smallest size: what shows is cut at the block's foot rather than overflowing.
    const input = await sharp(rendered.input).extract({ left: 0, top: 0, width: rendered.width, height: maxHeight }).png().toBuffer();
    rendered = { input, width: rendered.width, height: maxHeight };
  }
  return rendered;
}

async function photoArea(photo: Buffer | undefined, width: number, height: number): Promise<Buffer> {
  if (photo) {
    // Portraits are cut from the top: the face is kept.
    return sharp(photo).resize(width, height, { fit: 'cover', position: 'top' }).png().toBuffer();
  }
  const mark = await sharp(Buffer.from(FAVICON_SVG), { density: 72 * ((Math.min(width, height) * 0.5) / 32) })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 4, background: '#dbe4f7' } })
    .composite([{ input: mark, gravity: 'centre' }])
    .png()
    .toBuffer();
}

async function footer(facts: ShareImageFacts, width: number, height: number): Promise<Buffer> {
  const markSize = height - 24;
  const mark = await sharp(Buffer.from(FAVICON_SVG), { density: (72 * markSize) / 32 })
    .resize(markSize, markSize)
    .png()
    .toBuffer();
  const textWidth = width - markSize - 3 * 16;
  const address = await renderText({ text: facts.address, size: 26, bold: true, colour: '#ffffff' }, 'en', textWidth, height - 8);
  const rtl = isRightToLeft(facts.language);
  const markLeft = rtl ? width - markSize - 16 : 16;
  const textLeft = rtl ? 16 + textWidth - address.width : markSize + 32;
  return sharp({ create: { width, height, channels: 4, background: BAND } })
    .composite([
      { input: mark, left: markLeft, top: 12 },
      { input: address.input, left: Math.max(0, textLeft), top: Math.max(0, Math.round((height - address.height) / 2)) },
    ])
    .png()
    .toBuffer();
}

/**
 * The text column: kicker, name, facts and what to do, top to bottom, within `width` × `height`. What to do
 * and the facts keep their size; the name takes the room left (a long name is set smaller).
 */
async function textColumn(facts: ShareImageFacts, width: number, height: number, scale: number): Promise<OverlayOptions[]> {
  const gap = Math.round(18 * scale);
  const blocks: (TextBlock & { maxHeight: number })[] = [
    { text: facts.kicker, size: Math.round(34 * scale), bold: true, colour: ALERT, maxHeight: Math.round(60 * scale) },
    { text: facts.name, size: Math.round(56 * scale), bold: true, colour: INK, maxHeight: Math.round(190 * scale) },
    ...facts.facts.map((line) => ({ text: line, size: Math.round(30 * scale), colour: INK, maxHeight: Math.round(84 * scale) })),
    { text: facts.call, size: Math.round(30 * scale), bold: true, colour: ALERT, maxHeight: Math.round(130 * scale) },
  ];
  const NAME = 1;
  const rendered = new Map<number, Rendered>();
  for (const [index, block] of blocks.entries())
    if (index !== NAME) rendered.set(index, await renderText(block, facts.language, width, block.maxHeight));
  const others = [...rendered.values()].reduce((sum, block) => sum + block.height + gap, 0);
  const nameRoom = Math.max(24, Math.min(blocks[NAME]!.maxHeight, height - others - gap));
  rendered.set(NAME, await renderText(blocks[NAME]!, facts.language, width, nameRoom));
  const rtl = isRightToLeft(facts.language);
  const layers: OverlayOptions[] = [];
  let top = 0;
  for (let index = 0; index < blocks.length; index++) {
    const block = rendered.get(index)!;
    if (top + block.height > height) break;
    layers.push({ input: block.input, top, left: rtl ? width - block.width : 0 });
    top += block.height + gap;
  }
  return layers;
}

/** Moves overlays made for a column at (0, 0) to (left, top) of the whole image. */
function placed(layers: OverlayOptions[], left: number, top: number): OverlayOptions[] {
  return layers.map((layer) => ({ ...layer, left: (layer.left ?? 0) + left, top: (layer.top ?? 0) + top }));
}

/** The share image as a JPEG of exactly the format's size, with no metadata. */
export async function renderShareImage(format: ShareFormat, facts: ShareImageFacts): Promise<Buffer> {
  const { width, height } = SHARE_FORMATS[format];
  const rtl = isRightToLeft(facts.language);
  const layers: OverlayOptions[] = [];
  if (format === 'landscape') {
    // The photo on the side a reader starts from; the text beside it, the address at its foot.
    const photoWidth = 470;
    const footerHeight = 84;
    const columnLeft = rtl ? MARGIN : photoWidth + MARGIN;
    const columnWidth = width - photoWidth - 2 * MARGIN;
    layers.push({ input: await photoArea(facts.photo, photoWidth, height), left: rtl ? width - photoWidth : 0, top: 0 });
    const column = await textColumn(facts, columnWidth, height - footerHeight - 2 * MARGIN + 16, 1);
    layers.push(...placed(column, columnLeft, MARGIN));
    layers.push({ input: await footer(facts, width - photoWidth, footerHeight), left: rtl ? 0 : photoWidth, top: height - footerHeight });
  } else {
    const photoHeight = 470;
    const footerHeight = 96;
    layers.push({ input: await photoArea(facts.photo, width, photoHeight), left: 0, top: 0 });
    const column = await textColumn(facts, width - 2 * MARGIN, height - photoHeight - footerHeight - 2 * 32, 1.1);
    layers.push(...placed(column, MARGIN, photoHeight + 32));
    layers.push({ input: await footer(facts, width, footerHeight), left: 0, top: height - footerHeight });
  }
  // sharp writes no EXIF, XMP, IPTC or ICC data unless asked to (withMetadata): none is asked for.
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .jpeg({ quality: 86, mozjpeg: true })
    .toBuffer();
}

// A long-term appeal's social media kit in one of the site's languages: the two share images, a post for each
// network, and a QR code of the appeal's page. Read from the appeals module's published appeal; images are
// made on first request and kept in memory per appeal, version (which every change of text or photo raises),
// photo and language, so a change makes new ones and a withdrawal leaves nothing to serve.
import QRCode from 'qrcode';
import type { AppDeps } from '../app-deps.ts';
import { appealPublicPath } from '../appeals/pfif-record.ts';
import { appealPhotos, findAppealBySlug, type AppealRow } from '../appeals/store.ts';
import type { Queryable } from '../db/database.ts';
import { formatDate } from '../i18n/dates.ts';
import { SITE_LANGUAGES, translator, type SiteLanguage } from '../i18n/i18n.ts';
import { composePosts, type PostText } from './post-texts.ts';
import { renderShareImage, SHARE_FORMATS, type ShareFormat, type ShareImageFacts } from './share-images.ts';

export type KitAppeal =
  | { state: 'published'; appeal: AppealRow; photoKey: string | null; photoPosition: number | null }
  | { state: 'withdrawn'; appealId: string }
  | { state: 'missing' };

/** The appeal behind a kit: published (with its current public photo), withdrawn, or unknown. */
export async function kitAppeal(db: Queryable, slug: string): Promise<KitAppeal> {
  const appeal = await findAppealBySlug(db, slug);
  if (!appeal) return { state: 'missing' };
  if (appeal.state !== 'published') return { state: 'withdrawn', appealId: appeal.id };
  const photo = (await appealPhotos(db, appeal.id)).find((p) => p.public_key !== null);
  return { state: 'published', appeal, photoKey: photo?.public_key ?? null, photoPosition: photo?.position ?? null };
}

/** The appeal's page in a language: the address every post, image and QR code of the kit gives. */
export function kitPageUrl(publicUrl: string, slug: string, language: string): string {
  return `${publicUrl}${appealPublicPath(slug)}?lang=${encodeURIComponent(language)}`;
}

export function kitFilePath(slug: string, language: string, file: string): string {
  return `${appealPublicPath(slug)}/kit/${language}/${file}`;
}

function contentIn(appeal: AppealRow, language: string): AppealRow['contents'][number] {
  return (
    appeal.contents.find((c) => c.language.toLowerCase() === language) ??
    appeal.contents.find((c) => c.language.toLowerCase().split('-')[0] === language) ??
    appeal.contents[0]!
  );
}

function factLines(appeal: AppealRow, language: string): string[] {
  const t = translator(language);
  const lines = [t('longTerm.missingSince', { date: formatDate(appeal.missing_since, language) })];
  if (appeal.age_when_missing !== null) lines.push(t('longTerm.ageWhenMissing', { age: appeal.age_when_missing }));
  return lines;
}

export function kitPosts(publicUrl: string, appeal: AppealRow, language: string): PostText[] {
  const t = translator(language);
  const content = contentIn(appeal, language);
  return composePosts({
    headline: content.headline,
    facts: [appeal.full_name, ...factLines(appeal, language)].join('. ') + '.',
    description: content.description,
    call: t('kit.call'),
    url: kitPageUrl(publicUrl, appeal.slug, language),
  });
}

/** The QR code of the appeal's page in `language` (medium error correction, as the poster's). */
export async function kitQr(publicUrl: string, slug: string, language: string, type: 'png' | 'svg'): Promise<Buffer> {
  const url = kitPageUrl(publicUrl, slug, language);
  if (type === 'svg') return Buffer.from(await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 10 });
}

const IMAGE_CACHE_LIMIT = 512;

/** Made images by appeal, version, photo, language and format; the promise is kept so a burst renders once. */
export function createShareImageCache(deps: Pick<AppDeps, 'media' | 'config'>) {
  const images = new Map<string, Promise<Buffer>>();
  return {
    async image(kit: Extract<KitAppeal, { state: 'published' }>, language: SiteLanguage, format: ShareFormat): Promise<Buffer> {
      const { appeal } = kit;
      const key = `${appeal.id}:${appeal.version}:${kit.photoPosition ?? '-'}:${language}:${format}`;
      let made = images.get(key);
      if (!made) {
        made = (async () => {
          const t = translator(language);
          const photo = kit.photoKey ? await deps.media.get(kit.photoKey) : undefined;
          const facts: ShareImageFacts = {
            language,
            kicker: t('poster.missing'),
            name: appeal.full_name,
            facts: factLines(appeal, language),
            call: t('kit.call'),
            address: kitPageUrl(deps.config.publicUrl, appeal.slug, language)
              .replace(/^https?:\/\//, '')
              .replace(/\?.*$/, ''),
            siteName: t('site.name'),
            photo: photo?.bytes,
          };
          return renderShareImage(format, facts);
        })();
        // Entries of an earlier version of the same appeal are of no more use.
        for (const old of images.keys())
          if (old.startsWith(`${appeal.id}:`) && !old.startsWith(`${appeal.id}:${appeal.version}:`)) images.delete(old);
        if (images.size >= IMAGE_CACHE_LIMIT) images.delete(images.keys().next().value!);
        images.set(key, made);
        made.catch(() => images.delete(key));
      }
      return made;
    },
    /** Forgets every image of an appeal (a withdrawal). */
    forget(appealId: string): void {
      for (const key of images.keys()) if (key.startsWith(`${appealId}:`)) images.delete(key);
    },
  };
}
export type ShareImageCache = ReturnType<typeof createShareImageCache>;

export interface KitLanguage {
  language: string;
  url: string;
  images: Record<ShareFormat, { url: string; width: number; height: number; type: 'image/jpeg' }>;
  qr: { png: string; svg: string };
  posts: PostText[];
}

/** The kit in one language, with absolute links: what the JSON kit and the webhook event carry. */
export function kitInLanguage(publicUrl: string, appeal: AppealRow, language: string): KitLanguage {
  const link = (file: string) => `${publicUrl}${kitFilePath(appeal.slug, language, file)}?v=${appeal.version}`;
  return {
    language,
    url: kitPageUrl(publicUrl, appeal.slug, language),
    images: {
      landscape: { url: link('landscape.jpg'), ...SHARE_FORMATS.landscape, type: 'image/jpeg' },
      square: { url: link('square.jpg'), ...SHARE_FORMATS.square, type: 'image/jpeg' },
    },
    qr: { png: link('qr.png'), svg: link('qr.svg') },
    posts: kitPosts(publicUrl, appeal, language),
  };
}

export interface Kit {
  slug: string;
  url: string;
  version: number;
  updatedAt: string;
  languages: KitLanguage[];
}

export function wholeKit(publicUrl: string, appeal: AppealRow): Kit {
  return {
    slug: appeal.slug,
    url: `${publicUrl}${appealPublicPath(appeal.slug)}`,
    version: appeal.version,
    updatedAt: appeal.updated_at.toISOString(),
    languages: SITE_LANGUAGES.map((language) => kitInLanguage(publicUrl, appeal, language)),
  };
}

// What an alert would look like to recipients if it went out now, with the officer's unsaved changes:
// the appeal page, the SMS, the email and the push notification, rendered by the very code that renders
// them for real (src/public-site/appeal-page.ts, handed in; src/dispatch/render.ts; src/channels/push.ts).
//
// Those renderers read a published message from the database. Rather than keep a second copy of them for
// drafts, the preview applies the changes and writes a provisional message inside a transaction that is
// always rolled back: nothing of it is ever stored, sent, or seen by anyone else.
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Outgoing } from '../channels/channel.ts';
import { pushPayload } from '../channels/push.ts';
import { requireCase } from '../cases/actions.ts';
import { childPhotosAmong } from '../cases/appeal-photos.ts';
import { appealChild } from '../cases/store.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import type { Database, Queryable } from '../db/database.ts';
import { renderAlertNotice, withUnsubscribeFooter } from '../dispatch/render.ts';
import { invalid } from '../http/problem.ts';
import type { MediaStore } from '../media/media-store.ts';
import { checkContents } from './lifecycle.ts';
import { measureSms } from '../channels/sms-text.ts';
import type { AlertContentInput, AlertPreviewRequest, AlertPreviewView } from './schemas.ts';
import { alertContents, alertPhotos, replaceAlertContents, requireReachableAlert, type CapAlertStatus } from './store.ts';

/** What the public appeal page shows, as the preview gives it to the page's renderer. */
export interface AppealPagePreview {
  slug: string;
  capStatus: CapAlertStatus;
  content: AlertContentInput;
  languages: string[];
  /** Paths of the photos (the staff copies, in a preview). */
  photoUrls: string[];
  lastSeenPlace: string;
  lastSeenAt: Date;
  vehicle: string;
  suspect: string;
  issuedAt: Date;
  updatedAt: Date;
  organisationName: string;
  childName: string;
  age: number | null;
  readerLanguage: string;
}

/** The public site's appeal page renderer, handed in (src/server.ts) so that alerts do not import the public site. */
export type AppealPageRenderer = (appeal: AppealPagePreview, publicUrl: string) => string;

type PreviewDeps = Pick<AppDeps, 'db' | 'clock' | 'media'> & {
  config: Pick<AppDeps['config'], 'publicUrl'>;
  renderAppealPage: AppealPageRenderer;
};

/** Carries the rendering out of the transaction it must not commit. */
class RolledBack extends Error {
  constructor(readonly view: AlertPreviewView) {
    super('the preview is rolled back');
  }
}

const PREVIEW_KEY = 'alert-preview/';

export async function previewAlert(
  deps: PreviewDeps,
  actor: Actor,
  alertId: string,
  request: AlertPreviewRequest,
  reason: string | null = null,
): Promise<AlertPreviewView> {
  const now = new Date(Math.floor(deps.clock().getTime() / 1000) * 1000);
  if (request.contents) checkContents(request.contents, '/body/contents');
  try {
    await deps.db.transaction(async (tx) => {
      throw new RolledBack(await renderProvisionally(deps, tx, actor, alertId, request, now));
    });
  } catch (outcome) {
    if (outcome instanceof RolledBack) {
      // Only the audit entry is kept: the preview showed the child's details to this officer.
      await deps.db.transaction((tx) =>
        appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'alert.previewed',
            subjectType: 'alert',
            subjectId: alertId,
            details: { language: outcome.view.language },
            reason,
          },
          now,
        ),
      );
      return outcome.view;
    }
    throw outcome;
  }
  throw new Error('unreachable: the preview transaction always rolls back');
}

async function renderProvisionally(
  deps: PreviewDeps,
  tx: Queryable,
  actor: Actor,
  alertId: string,
  request: AlertPreviewRequest,
  now: Date,
): Promise<AlertPreviewView> {
  const alert = await requireReachableAlert(tx, actor, alertId, true);
  const caseRow = await requireCase(tx, actor, alert.case_id);
  const lastSeen = request.lastSeen;
  await tx.query(
    sql`UPDATE alerts SET cap_status = COALESCE(${request.capStatus ?? null}, cap_status), vehicle = COALESCE(${request.vehicle ?? null}, vehicle),
               suspect = COALESCE(${request.suspect ?? null}, suspect), last_seen_at = COALESCE(${lastSeen?.at ?? null}, last_seen_at),
               last_seen_place = COALESCE(${lastSeen?.place ?? null}, last_seen_place), updated_at = ${now}
         WHERE id = ${alertId}`,
  );
  if (request.contents) await replaceAlertContents(tx, alertId, request.contents);
  const contents = await alertContents(tx, alertId);
  if (contents.length === 0) throw invalid('/body/contents', 'the alert has no text to preview');

  // The chosen photos stand in for their public copies, which are only made on approval.
  const photoIds = request.photoIds ?? (await alertPhotos(tx, alertId)).map((p) => p.photo_id);
  const photos = await childPhotosAmong(tx, caseRow.child_id, photoIds);
  const chosen = photoIds.filter((id) => photos.some((p) => p.id === id));
  await tx.query(sql`DELETE FROM alert_photos WHERE alert_id = ${alertId}`);
  for (const [position, photoId] of chosen.entries()) {
    await tx.query(
      sql`INSERT INTO alert_photos (alert_id, position, photo_id, public_key) VALUES (${alertId}, ${position}, ${photoId}, ${`${PREVIEW_KEY}${photoId}`})`,
    );
  }
  const staffPhotoUrl = (photoId: string) => `/api/v1/cases/${alert.case_id}/photos/${photoId}/page`;
  const media: MediaStore = {
    ...deps.media,
    get: async (key) => {
      if (!key.startsWith(PREVIEW_KEY)) return deps.media.get(key);
      const photo = photos.find((p) => p.id === key.slice(PREVIEW_KEY.length));
      return photo?.variants.page ? deps.media.get(photo.variants.page) : undefined;
    },
  };

  const live = alert.state === 'active';
  const messageId = randomUUID();
  await tx.query(
    sql`INSERT INTO alert_messages (id, alert_id, identifier, sender, sent, msg_type, cap_status, note, xml, sent_by)
        VALUES (${messageId}, ${alertId}, ${`preview-${messageId}`}, 'preview', ${now}, ${live ? 'Update' : 'Alert'}, (SELECT cap_status FROM alerts WHERE id = ${alertId}), NULL, '', ${actor.userId})`,
  );

  const language = request.language ?? contents[0]!.language;
  const rendered = await renderAlertNotice(
    { db: tx as Database, media, config: deps.config },
    messageId,
    live ? 'update' : 'alert',
    language,
    1,
  );
  if (!rendered) throw new Error('the provisional message was not found inside its own transaction');
  const email = withUnsubscribeFooter(rendered, `${deps.config.publicUrl}/alerts/unsubscribe`);
  const push = JSON.parse(
    pushPayload({
      key: 'preview',
      deliveryId: 'preview',
      notice: live ? 'update' : 'alert',
      address: '',
      content: rendered,
    } satisfies Outgoing) ?? '{}',
  ) as {
    title?: string;
    body?: string;
  };
  const sms = measureSms(rendered.sms);

  const content = contents.find((c) => c.language === rendered.language) ?? contents[0]!;
  const after = (
    await tx.query<Row<'alerts', 'vehicle' | 'suspect' | 'last_seen_place' | 'last_seen_at'> & { cap_status: CapAlertStatus }>(
      sql`SELECT cap_status, vehicle, suspect, last_seen_place, last_seen_at FROM alerts WHERE id = ${alertId}`,
    )
  ).rows[0]!;
  const child = await appealChild(tx, alert.case_id, after.last_seen_at);
  const appeal: AppealPagePreview = {
    slug: alert.slug,
    capStatus: after.cap_status,
    content,
    languages: contents.map((c) => c.language),
    photoUrls: chosen.map(staffPhotoUrl),
    lastSeenPlace: after.last_seen_place,
    lastSeenAt: after.last_seen_at,
    vehicle: after.vehicle,
    suspect: after.suspect,
    issuedAt: now,
    updatedAt: now,
    organisationName: alert.owning_organisation_name,
    childName: child.name,
    age: child.age,
    readerLanguage: rendered.language,
  };
  const inlinePhoto = chosen[0] ? staffPhotoUrl(chosen[0]) : '';
  return {
    language: rendered.language,
    appealHtml: deps.renderAppealPage(appeal, deps.config.publicUrl),
    sms: { text: rendered.sms, encoding: sms.encoding, segments: sms.segments, units: sms.units },
    email: {
      subject: email.subject,
      text: email.text,
      // The photo travels inline (cid:) in the real email; the preview points at the staff copy instead.
      html: inlinePhoto ? email.html.replaceAll('cid:appeal-photo', inlinePhoto) : email.html,
    },
    push: { title: push.title ?? '', body: push.body ?? '' },
  };
}

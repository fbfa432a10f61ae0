// Sharing a Philomena profile with need-to-know, on the same terms as a case (src/cases/share-terms.ts): its writer
// names the agency, the purpose, the groups of fields and the end date; the agency reads only those fields until
// then. Every share, stop and reading is audited, and so appears in the disclosure register.
import type { AppDeps } from '../app-deps.ts';
import { philomenaReach } from '../auth/access.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { RISK_QUESTIONS } from '../cases/risk.ts';
import { PROFILE_SHARE_TEMPLATES, type ProfileShareField } from '../cases/share-fields.ts';
import { shareTerms } from '../cases/share-terms.ts';
import type { Queryable } from '../db/database.ts';
import { invalid, notFound } from '../http/problem.ts';
import type { PhotoVariant } from '../media/photos.ts';
import { listOrganisations, organisationByCode } from '../orgs/store.ts';
import { requireProfile, requireWriter } from './actions.ts';
import { profilePhotoVariants } from './photo-store.ts';
import { profilePhotoViews } from './photos.ts';
import type { ProfileShareRequest, ProfileView, ShareRecipientList, SharedProfileList, SharedProfileView } from './schemas.ts';
import { profilesSharedWith, revokeProfileShare, sharesOfProfile, upsertProfileShare, liveProfileShare } from './share-store.ts';
import { findProfileSharedWith } from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
const iso = (date: Date) => date.toISOString();
const QUESTION_TEXT = new Map(RISK_QUESTIONS.map((q) => [q.id, q.text]));

export async function shareProfile(deps: Deps, actor: Actor, profileId: string, request: ProfileShareRequest): Promise<void> {
  const reach = philomenaReach(actor, 'philomena:write');
  const now = deps.clock();
  // Who may share is decided before what is shared: a refusal says so whatever the terms asked.
  requireWriter(reach, await requireProfile(deps.db, reach, profileId));
  const { target, fields, endsAt } = await shareTerms(deps.db, actor, request, PROFILE_SHARE_TEMPLATES, now);
  await deps.db.transaction(async (tx) => {
    const row = await requireProfile(tx, reach, profileId, true);
    requireWriter(reach, row);
    if (target.id === row.owning_organisation_id)
      throw invalid('/body/organisationCode', 'that organisation keeps the profile', { code: 'share-not-allowed' });
    await upsertProfileShare(
      tx,
      { profileId, organisationId: target.id, reason: request.reason, purpose: request.purpose, fields, endsAt, by: actor.userId },
      now,
    );
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'philomena.shared',
        subjectType: 'philomena_profile',
        subjectId: profileId,
        reason: request.reason,
        details: { with: target.code, purpose: request.purpose, fields, endsAt: iso(endsAt) },
      },
      now,
    );
  });
}

export async function unshareProfile(deps: Deps, actor: Actor, profileId: string, organisationCode: string): Promise<void> {
  const reach = philomenaReach(actor, 'philomena:write');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    requireWriter(reach, await requireProfile(tx, reach, profileId, true));
    const organisation = await organisationByCode(tx, organisationCode);
    if (!organisation || !(await revokeProfileShare(tx, profileId, organisation.id, now))) throw notFound('That share');
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'philomena.unshared',
        subjectType: 'philomena_profile',
        subjectId: profileId,
        details: { with: organisationCode },
      },
      now,
    );
  });
}

/** The agencies a writer may share a profile with: local authorities, charities and police forces (names only). */
export async function shareRecipients(db: Queryable, actor: Actor): Promise<ShareRecipientList> {
  if (philomenaReach(actor, 'philomena:write').kind !== 'writer') return { items: [] };
  const kinds = new Set(['local_authority', 'charity', 'police_force']);
  const items = (await listOrganisations(db))
    .filter((o) => kinds.has(o.kind) && o.id !== actor.organisationId)
    .map((o) => ({ code: o.code, name: o.name, kind: o.kind }));
  return { items };
}

/** The profile's shares, for its writer. */
export async function profileShareViews(db: Queryable, profileId: string, now: Date): Promise<ProfileView['shares']> {
  return (await sharesOfProfile(db, profileId)).map((row) => ({
    organisationCode: row.organisation_code,
    organisationName: row.organisation_name,
    purpose: row.purpose,
    fields: row.fields,
    reason: row.reason,
    sharedAt: iso(row.shared_at),
    endsAt: iso(row.ends_at),
    ended: row.ends_at.getTime() <= now.getTime(),
  }));
}

/** The profiles shared with the actor's agency now; the listing audited with their ids. */
export async function sharedProfilesOf(db: Queryable, actor: Actor, now: Date): Promise<SharedProfileList> {
  const rows = await profilesSharedWith(db, actor.organisationId, now);
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'philomena.shared_listed',
      subjectType: 'philomena_list',
      details: { profileIds: rows.map((row) => row.profile_id) },
    },
    now,
  );
  return {
    items: rows.map((row) => ({
      id: row.profile_id,
      childName: row.fields.includes('identity') ? `${row.given_names} ${row.family_name}` : null,
      owningOrganisation: { code: row.owner_code, name: row.owner_name },
      purpose: row.purpose,
      fields: row.fields,
      sharedAt: iso(row.shared_at),
      endsAt: iso(row.ends_at),
    })),
  };
}

/** A shared profile for its recipient: 404 unless a live share discloses it; else only its fields, the reading audited. */
export async function openSharedProfile(db: Queryable, actor: Actor, profileId: string, now: Date): Promise<SharedProfileView> {
  const share = await liveProfileShare(db, actor.organisationId, profileId, now);
  const row = share ? await findProfileSharedWith(db, actor.organisationId, profileId, now) : undefined;
  if (!share || !row) throw notFound('That profile');
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'philomena.shared_viewed',
      subjectType: 'philomena_profile',
      subjectId: profileId,
      details: { fields: share.fields, purpose: share.purpose },
    },
    now,
  );
  const shared = (field: ProfileShareField) => share.fields.includes(field);
  const view: SharedProfileView = {
    id: row.id,
    owningOrganisation: { code: row.owner_code, name: row.owner_name },
    share: {
      purpose: share.purpose,
      reason: share.reason,
      fields: share.fields,
      sharedAt: iso(share.shared_at),
      endsAt: iso(share.ends_at),
    },
  };
  if (shared('identity'))
    view.identity = {
      givenNames: row.given_names,
      familyName: row.family_name,
      knownAs: row.known_as,
      dateOfBirth: row.date_of_birth,
      sex: row.sex,
    };
  if (shared('description'))
    view.description = {
      heightCm: row.height_cm,
      build: row.build,
      hairColour: row.hair_colour,
      eyeColour: row.eye_colour,
      distinguishingMarks: row.distinguishing_marks,
      languages: row.languages,
      description: row.description,
    };
  if (shared('photos'))
    view.photos = (await profilePhotoViews(db, profileId)).map((photo) => ({
      ...photo,
      urls: {
        thumb: `/api/v1/shared-profiles/${profileId}/photos/${photo.id}/thumb`,
        page: `/api/v1/shared-profiles/${profileId}/photos/${photo.id}/page`,
        full: `/api/v1/shared-profiles/${profileId}/photos/${photo.id}/full`,
      },
    }));
  if (shared('contacts')) view.contacts = { associates: row.associates, places: row.places, phonesAndAccounts: row.phones_and_accounts };
  if (shared('medical')) view.medical = { medicalNeeds: row.medical_needs, medication: row.medication };
  if (shared('placement')) view.placement = { placement: row.placement, carerContacts: row.carer_contacts };
  if (shared('history')) view.history = { previousEpisodes: row.previous_episodes };
  if (shared('risk'))
    view.risk = row.risk_answers.map((a) => ({
      question: a.question,
      questionText: QUESTION_TEXT.get(a.question) ?? a.question,
      answer: a.answer,
      detail: a.detail ?? '',
    }));
  return view;
}

/** A photo of a shared profile, only while a live share names the photos; its viewing audited. */
export async function openSharedProfilePhoto(
  db: Queryable,
  actor: Actor,
  photo: { profileId: string; photoId: string; variant: PhotoVariant },
  now: Date,
): Promise<string> {
  const { profileId, photoId, variant } = photo;
  const share = await liveProfileShare(db, actor.organisationId, profileId, now);
  if (!share || !share.fields.includes('photos')) throw notFound('That photo');
  const variants = await profilePhotoVariants(db, profileId, photoId);
  if (!variants) throw notFound('That photo');
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'philomena.shared_photo_viewed',
      subjectType: 'philomena_profile',
      subjectId: profileId,
      details: { photoId, variant, fields: share.fields, purpose: share.purpose },
    },
    now,
  );
  return variants[variant];
}

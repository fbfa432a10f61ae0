// Recent photos of the child on a profile: each with the day it was taken (or added) and the date to review them
// by; thumbnails fetched through the API (each view audited). The profile's writer adds and removes them.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, del, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { DateOnly, DateTime } from '../app/ui.tsx';
import { ApiImage } from '../cases/ApiImage.tsx';
import { FormProblem } from '../cases/forms.tsx';
import type { ProfilePhotoView, ProfileView } from '../../../src/philomena/schemas.ts';

export function ProfilePhotos({ view, onChanged }: { view: ProfileView; onChanged: (view: ProfileView) => void }) {
  const { t } = useTranslation('philomena');
  const fileRef = useRef<HTMLInputElement>(null);
  const [caption, setCaption] = useState('');
  const [takenOn, setTakenOn] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const name = `${view.givenNames} ${view.familyName}`;

  async function upload(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage('');
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setError(new ApiError(400, { title: t('photos.noFile'), errors: [{ pointer: '/body/photo', detail: t('photos.chooseFile') }] }));
      return;
    }
    const form = new FormData();
    form.append('caption', caption.trim());
    if (takenOn) form.append('takenOn', takenOn);
    form.append('photo', file);
    setBusy(true);
    try {
      const added = await post<ProfilePhotoView>(`/philomena-profiles/${view.id}/photos`, form);
      setCaption('');
      setTakenOn('');
      if (fileRef.current) fileRef.current.value = '';
      setMessage(t('photos.uploaded'));
      // Shown from the answer rather than by reading the profile again (each reading is audited).
      onChanged({ ...view, photos: [added, ...view.photos] });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function remove(photo: ProfilePhotoView) {
    setError(undefined);
    setMessage('');
    try {
      await del(`/philomena-profiles/${view.id}/photos/${photo.id}`);
      setMessage(t('photos.removed'));
      onChanged({ ...view, photos: view.photos.filter((p) => p.id !== photo.id) });
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="panel" aria-labelledby="profile-photos-heading">
      <h2 id="profile-photos-heading">{t('photos.title')}</h2>
      <p>
        {t('view.photosReviewBy')} <DateOnly value={view.photosReviewBy} />
      </p>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      {view.photos.length === 0 ? <p className="muted">{t('photos.none')}</p> : null}
      <ul className="photos">
        {view.photos.map((photo, i) => (
          <li key={photo.id}>
            <figure>
              <ApiImage url={photo.urls.thumb} alt={photo.caption || t('photos.alt', { name, n: i + 1 })} />
              <figcaption>
                {photo.caption ? <>{photo.caption} · </> : null}
                {photo.takenOn ? (
                  <>
                    {t('photos.taken')} <DateOnly value={photo.takenOn} />
                  </>
                ) : (
                  <>
                    {t('photos.added')} <DateTime value={photo.createdAt} />
                  </>
                )}
              </figcaption>
            </figure>
            {view.canWrite ? (
              <button type="button" className="secondary" onClick={() => handled(remove(photo))}>
                {t('photos.remove', { n: i + 1 })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {view.canWrite ? (
        <form onSubmit={(event) => handled(upload(event))} noValidate aria-labelledby="profile-upload-heading">
          <h3 id="profile-upload-heading">{t('photos.upload')}</h3>
          <FormProblem error={error} labels={{ '/body/photo': t('photos.file'), '/body/takenOn': t('photos.takenOn') }} />
          <div className="field">
            <label htmlFor="profile-photo-file">{t('photos.file')}</label>
            <p id="profile-photo-file-hint" className="hint">
              {t('photos.fileHint')}
            </p>
            <input
              id="profile-photo-file"
              ref={fileRef}
              type="file"
              accept="image/jpeg,image/png,image/webp"
              aria-describedby="profile-photo-file-hint"
            />
          </div>
          <div className="field">
            <label htmlFor="profile-photo-taken">{t('photos.takenOn')}</label>
            <input id="profile-photo-taken" type="date" value={takenOn} onChange={(e) => setTakenOn(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="profile-photo-caption">{t('photos.caption')}</label>
            <input id="profile-photo-caption" value={caption} maxLength={500} onChange={(e) => setCaption(e.target.value)} />
          </div>
          <button type="submit" disabled={busy}>
            {t('photos.submit')}
          </button>
        </form>
      ) : error ? (
        <FormProblem error={error} labels={{}} />
      ) : null}
    </section>
  );
}

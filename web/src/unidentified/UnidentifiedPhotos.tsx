// Photos of an unidentified person or remains: thumbnails fetched through the API (served only to those who
// reach the record, each view audited), the full size opened in a new tab, upload with the server's refusal
// shown readably, and removal after a confirmation.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, del, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { DateTime } from '../app/ui.tsx';
import { ApiImage } from '../cases/ApiImage.tsx';
import { FormProblem } from '../cases/forms.tsx';
import type { RecordContext } from './UnidentifiedPage.tsx';
import type { Photo } from './types.ts';

export function UnidentifiedPhotos({ context, canUpload }: { context: RecordContext; canUpload: boolean }) {
  const { t } = useTranslation('unidentified');
  const { view } = context;
  const fileRef = useRef<HTMLInputElement>(null);
  const [caption, setCaption] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState<string>();

  async function upload(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage('');
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setError(new ApiError(400, { type: 'validation', errors: [{ pointer: '/body/photo', detail: t('photos.chooseFile') }] }));
      return;
    }
    const form = new FormData();
    form.append('caption', caption.trim());
    form.append('photo', file);
    setBusy(true);
    try {
      const added = await post<Photo>(`/unidentified/${view.id}/photos`, form);
      setCaption('');
      if (fileRef.current) fileRef.current.value = '';
      setMessage(t('photos.uploaded'));
      context.onChanged({ ...view, photos: [added, ...view.photos] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function remove(photo: Photo) {
    setBusy(true);
    setError(undefined);
    setMessage('');
    try {
      await del(`/unidentified/${view.id}/photos/${photo.id}`);
      setMessage(t('photos.removed'));
      setConfirming(undefined);
      context.onChanged({ ...view, photos: view.photos.filter((p) => p.id !== photo.id) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby="photos-heading">
      <h2 id="photos-heading">{t('photos.title')}</h2>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      {view.photos.length === 0 ? <p>{t('photos.none')}</p> : null}
      <ul className="photos">
        {view.photos.map((photo, i) => (
          <li key={photo.id}>
            <figure>
              <a href={photo.urls.full} target="_blank" rel="noreferrer">
                <ApiImage url={photo.urls.thumb} alt={t('photos.openFull', { n: i + 1 }) + (photo.caption ? `: ${photo.caption}` : '')} />
              </a>
              <figcaption>
                {photo.caption ? <>{photo.caption} · </> : null}
                <DateTime value={photo.createdAt} />
              </figcaption>
            </figure>
            {canUpload ? (
              confirming === photo.id ? (
                <div className="actions">
                  <button type="button" className="danger" disabled={busy} onClick={() => handled(remove(photo))}>
                    {t('photos.confirmRemove', { n: i + 1 })}
                  </button>
                  <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
                    {t('form.cancel')}
                  </button>
                </div>
              ) : (
                <button type="button" className="secondary" onClick={() => setConfirming(photo.id)}>
                  {t('photos.remove', { n: i + 1 })}
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      {canUpload ? (
        <form onSubmit={(event) => handled(upload(event))} noValidate aria-labelledby="upload-heading">
          <h3 id="upload-heading">{t('photos.upload')}</h3>
          <FormProblem error={error} labels={{ '/body/photo': t('photos.file') }} />
          <div className="field">
            <label htmlFor="photo-file">{t('photos.file')}</label>
            <p id="photo-file-hint" className="hint">
              {t('photos.fileHint')}
            </p>
            <input id="photo-file" ref={fileRef} type="file" accept="image/jpeg,image/png,image/webp" aria-describedby="photo-file-hint" />
          </div>
          <div className="field">
            <label htmlFor="photo-caption">{t('photos.caption')}</label>
            <input id="photo-caption" value={caption} maxLength={500} onChange={(e) => setCaption(e.target.value)} />
          </div>
          <button type="submit" disabled={busy}>
            {busy ? t('photos.uploading') : t('photos.submit')}
          </button>
        </form>
      ) : error ? (
        <FormProblem error={error} labels={{}} />
      ) : null}
    </section>
  );
}

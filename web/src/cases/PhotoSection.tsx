// Photos of the child: thumbnails fetched through the API (with the access reason when the case is sensitive,
// which an <img src> cannot send), upload with the server's refusal shown readably, and removal.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, del, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { DateTime } from '../app/ui.tsx';
import type { CaseContext } from './CasePage.tsx';
import { ApiImage } from './ApiImage.tsx';
import { FormProblem } from './forms.tsx';
import type { Photo } from './types.ts';

export function PhotoSection({ context, canUpload }: { context: CaseContext; canUpload: boolean }) {
  const { t } = useTranslation('cases');
  const { view } = context;
  const fileRef = useRef<HTMLInputElement>(null);
  const [caption, setCaption] = useState('');
  const [error, setError] = useState<unknown>();
  const [uploading, setUploading] = useState(false);
  const [message, setMessage] = useState('');
  const [removing, setRemoving] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const childName = `${view.child.givenNames} ${view.child.familyName}`;

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
    form.append('photo', file);
    setUploading(true);
    try {
      const added = await post<Photo>(`/cases/${view.id}/photos`, form, context.headers);
      setCaption('');
      if (fileRef.current) fileRef.current.value = '';
      setMessage(t('photos.uploaded'));
      // Shown from the answer rather than by reading the case again (each read is an audited view).
      context.onChanged({ ...context.view, photos: [added, ...context.view.photos] });
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  }

  async function remove(photo: Photo) {
    setRemoving(photo.id);
    setError(undefined);
    setMessage('');
    try {
      await del(`/cases/${view.id}/photos/${photo.id}`);
      setMessage(t('photos.removed'));
      setConfirming(undefined);
      context.onChanged({ ...context.view, photos: context.view.photos.filter((p) => p.id !== photo.id) });
    } catch (e) {
      setError(e);
    } finally {
      setRemoving(undefined);
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
              {view.sensitive ? (
                // A new tab could not send the access reason, so a sensitive case's photo opens only here.
                <ApiImage
                  url={photo.urls.thumb}
                  headers={context.headers}
                  alt={photo.caption || t('photos.alt', { name: childName, n: i + 1 })}
                />
              ) : (
                <a href={photo.urls.full} target="_blank" rel="noreferrer" title={t('photos.openFull', { n: i + 1 })}>
                  <ApiImage
                    url={photo.urls.thumb}
                    headers={context.headers}
                    alt={t('photos.openFull', { n: i + 1 }) + (photo.caption ? `: ${photo.caption}` : '')}
                  />
                </a>
              )}
              <figcaption>
                {photo.caption ? <>{photo.caption} · </> : null}
                <DateTime value={photo.createdAt} />
              </figcaption>
            </figure>
            {canUpload ? (
              confirming === photo.id ? (
                <div className="actions">
                  <button type="button" className="danger" disabled={removing === photo.id} onClick={() => void remove(photo)}>
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
          <button type="submit" disabled={uploading}>
            {uploading ? t('photos.uploading') : t('photos.submit')}
          </button>
        </form>
      ) : error ? (
        <FormProblem error={error} labels={{}} />
      ) : null}
    </section>
  );
}

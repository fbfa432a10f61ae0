// An image from the API, fetched with the session and any headers (an access reason, which an <img src>
// cannot send), shown from a blob URL that is let go when the image leaves the page.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ApiImage({
  url,
  headers = {},
  alt,
  width = 240,
}: {
  url: string;
  headers?: Record<string, string>;
  alt: string;
  width?: number;
}) {
  const { t } = useTranslation('cases');
  const [src, setSrc] = useState<string>();
  const [failed, setFailed] = useState(false);
  const headerKey = JSON.stringify(headers);
  useEffect(() => {
    let objectUrl: string | undefined;
    let live = true;
    fetch(url, { credentials: 'same-origin', headers: JSON.parse(headerKey) as Record<string, string> })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const blob = await response.blob();
        if (!live) return;
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url, headerKey]);
  if (failed) return <p className="muted">{t('photos.unavailable')}</p>;
  if (!src) return <p className="muted">{t('photos.loading')}</p>;
  return <img src={src} alt={alt} width={width} />;
}

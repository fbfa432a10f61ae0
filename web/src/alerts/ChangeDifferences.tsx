// What a requested change to a live alert alters, field by field, as it is and as it would be: shown on the
// alert page and in the approver's inbox, so the second approver decides on the words and the reach.
import { useTranslation } from 'react-i18next';
import { directionOf, languageName } from './counting.ts';
import type { ChangeDifference } from './types.ts';

export function ChangeDifferences({ differences, caption }: { differences: ChangeDifference[]; caption: string }) {
  const { t, i18n } = useTranslation('alerts');

  const label = (field: string): string => {
    const [, part, key, name] = field.split('/');
    if (part === 'contents' && key && name) return `${languageName(key, i18n.language)} — ${t(`content.${name}`)}`;
    if (field === '/area/description') return t('area.description');
    if (field === '/area/national') return t('change.national');
    if (field === '/area/jurisdictionCodes') return t('change.jurisdictions');
    if (field === '/area/parts') return t('area.partsLegend');
    if (field === '/photos') return t('photos.title');
    return field;
  };
  const value = (field: string, text: string) => {
    if (field === '/area/national') return text === 'true' ? t('change.yes') : t('change.no');
    if (field === '/area/parts') return t('change.shapes', { count: Number(text) });
    if (field === '/photos') return t('change.photos', { count: text ? text.split(' ').length : 0 });
    if (!text) return '—';
    const language = field.startsWith('/contents/') ? field.split('/')[2] : undefined;
    return (
      <span lang={language} dir={language ? directionOf(language) : 'auto'}>
        {text}
      </span>
    );
  };

  if (differences.length === 0) return <p className="muted">{t('change.noDifference')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('change.field')}</th>
            <th scope="col">{t('change.before')}</th>
            <th scope="col">{t('change.after')}</th>
          </tr>
        </thead>
        <tbody>
          {differences.map((d) => (
            <tr key={d.field}>
              <th scope="row">{label(d.field)}</th>
              <td>{value(d.field, d.before)}</td>
              <td>
                <strong>{value(d.field, d.after)}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

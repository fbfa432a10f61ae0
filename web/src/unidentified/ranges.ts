// Age and height are recorded as ranges, either end of which may be unknown; this says them in words.
import { useTranslation } from 'react-i18next';

/** "4–7 years", "about 5", or "Age not known", from a range either end of which may be unknown. */
export function useRangeText() {
  const { t } = useTranslation('unidentified');
  return (range: { min: number | null; max: number | null }, unit: 'years' | 'cm') => {
    const { min, max } = range;
    if (min === null && max === null) return t('notKnown');
    if (min !== null && max !== null)
      return min === max ? t(`range.${unit}.exact`, { value: min }) : t(`range.${unit}.between`, { min, max });
    return min !== null ? t(`range.${unit}.atLeast`, { value: min }) : t(`range.${unit}.atMost`, { value: max });
  };
}

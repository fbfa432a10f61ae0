// Scores and contributions as the reader's language writes numbers (a decimal comma in Polish and Romanian).
import { useTranslation } from 'react-i18next';

export function useNumber(): (value: number, digits: number, signed?: boolean) => string {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : i18n.language;
  return (value, digits, signed = false) =>
    new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      signDisplay: signed ? 'exceptZero' : 'auto',
    }).format(value);
}

// Why a child matched, in the reader's language: the API gives each reason as a code with the words and
// figures it is about (src/register/schemas.ts), worded here. The names quoted stay as they were written.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Reason } from '../../../src/register/schemas.ts';

/** One reason as a sentence; the sexes it names are the in-sentence words ("female"), not the form's labels ("Female"). */
export function reasonText(t: TFunction, { code, params }: Reason): string {
  return t(`register:reason.${code}`, {
    ...params,
    recorded: params.recorded ? t(`register:sexInSentence.${params.recorded}`) : '',
    typed: params.typed ? t(`register:sexInSentence.${params.typed}`) : '',
  });
}

export function useReasonText(): (reason: Reason) => string {
  const { t } = useTranslation('register');
  return (reason) => reasonText(t, reason);
}

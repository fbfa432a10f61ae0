// Why a child matched, in the reader's language: the API gives each reason as a code with the words and
// figures it is about (src/register/schemas.ts), worded here. The names quoted stay as they were written.
import { useTranslation } from 'react-i18next';
import type { Reason } from '../../../src/register/schemas.ts';

export function useReasonText(): (reason: Reason) => string {
  const { t } = useTranslation('register');
  return ({ code, params }) =>
    t(`reason.${code}`, {
      ...params,
      recorded: params.recorded ? t(`cases:sex.${params.recorded}`) : '',
      typed: params.typed ? t(`cases:sex.${params.typed}`) : '',
    });
}

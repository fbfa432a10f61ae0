// Why a child matched, as the console words it (web/src/register/reasons.ts): the sexes a reason names read as
// words within the sentence in each language, not as the capitalised labels of the form.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';
import { reasonText } from '../web/src/register/reasons.ts';
import en from '../web/src/register/locales/en.json' with { type: 'json' };
import pl from '../web/src/register/locales/pl.json' with { type: 'json' };

async function translator(language: string) {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { register: en }, pl: { register: pl } },
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

describe('match reasons in the console', () => {
  it('names the recorded and the typed sex in lower case mid-sentence', async () => {
    const t = await translator('en');
    assert.equal(reasonText(t, { code: 'sex-differs', params: { recorded: 'female', typed: 'male' } }), 'Recorded as female, not male');
    assert.equal(
      reasonText(t, { code: 'sex-differs', params: { recorded: 'other', typed: 'female' } }),
      'Recorded as another sex, not female',
    );
  });

  it('words the same reason in the reader’s language', async () => {
    const t = await translator('pl');
    assert.equal(
      reasonText(t, { code: 'sex-differs', params: { recorded: 'female', typed: 'male' } }),
      'Zapisano: kobieta, a nie: mężczyzna',
    );
  });

  it('passes a reason’s figures through', async () => {
    const t = await translator('en');
    assert.equal(reasonText(t, { code: 'age-years-apart', params: { years: 2 } }), 'Ages apart (years): 2');
  });
});

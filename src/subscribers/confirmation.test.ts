// The confirmation a new subscriber is sent, in every site language: every string present and
// translated, the link and the code in it, the HTML escaped, the SMS within one message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isRightToLeft, SITE_LANGUAGES } from '../i18n/i18n.ts';
import { confirmationContent } from './confirmation.ts';

const PUBLIC_URL = 'https://alerts.example.org';
const LINK = `${PUBLIC_URL}/alerts/confirm/0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3/${'A'.repeat(43)}`;

// GSM 03.38 basic set: a text of only these is 7-bit (160 a message); anything else is UCS-2 (70).
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

describe('confirmation content', () => {
  const english = confirmationContent({ link: LINK, code: '123456', language: 'en' }, PUBLIC_URL);

  for (const language of SITE_LANGUAGES) {
    it(`is complete and translated in ${language}`, () => {
      const email = confirmationContent({ link: LINK, language }, PUBLIC_URL);
      const sms = confirmationContent({ code: '042917', language }, PUBLIC_URL);
      for (const content of [email, sms]) {
        assert.equal(content.language, language);
        assert.equal(content.status, 'Actual');
        assert.equal(content.webhookType, 'subscription.confirm');
        assert.deepEqual(content.webhookData, {});
        for (const text of [content.subject, content.text, content.html, content.sms]) {
          assert.ok(text.trim().length > 0);
          // A missing key comes back from i18next as the key itself.
          assert.ok(!/subscribe\.(message|signUp)\./.test(text), `no missing key in ${language}: ${text}`);
          assert.ok(!text.includes('{{'), `no placeholder left in ${language}`);
        }
        if (language !== 'en') assert.notEqual(content.subject, english.subject, `the subject is translated into ${language}`);
      }
      assert.ok(email.text.includes(LINK));
      assert.ok(email.html.includes(`href="${LINK}"`));
      assert.equal(email.url, LINK);
      assert.match(email.html, new RegExp(`<html lang="${language}" dir="${isRightToLeft(language) ? 'rtl' : 'ltr'}">`));
      assert.ok(sms.sms.includes('042917'));
      assert.ok(sms.text.includes('042917'));
      assert.ok(sms.sms.length <= (GSM7.test(sms.sms) ? 160 : 70), `one message in ${language}: ${sms.sms.length} characters`);
    });
  }

  it('falls back to English for a language the site does not have', () => {
    const content = confirmationContent({ code: '111111', language: 'de' }, PUBLIC_URL);
    assert.equal(content.language, 'en');
    assert.equal(content.subject, english.subject);
    assert.equal(content.url, `${PUBLIC_URL}/alerts/sign-up?lang=en`);
  });

  it('escapes what it puts in the HTML', () => {
    const content = confirmationContent({ link: `${PUBLIC_URL}/x?a="><script>alert(1)</script>`, language: 'en' }, PUBLIC_URL);
    assert.ok(!content.html.includes('<script>'));
    assert.ok(content.html.includes('&quot;&gt;&lt;script&gt;'));
  });
});

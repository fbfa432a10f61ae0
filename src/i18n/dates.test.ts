// One way of writing a date for people: UK local time (GMT and BST, across the clock changes), British
// English for English, the reader's language otherwise; and every surface that shows a time to a person
// goes through it, so the same instant reads the same on each.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dateLocale, endOfUkDay, formatDate, formatDateTime, formatTime, ukDate } from './dates.ts';
import { formatWhen } from '../public-site/appeal-page.ts';
import { formatSentTime } from '../reports/form-page.ts';
import { SITE_LANGUAGES } from './i18n.ts';

// Instants around the 2026 clock changes (29 March 01:00 UTC forward, 25 October 01:00 UTC back), midday
// in each season, and midnight falling on different days in UTC and in London.
const TABLE: [iso: string, english: string, welsh: string][] = [
  ['2026-12-06T13:13:00Z', '6 December 2026 at 13:13 GMT', '6 Rhagfyr 2026 am 13:13 GMT'],
  ['2026-07-06T13:13:00Z', '6 July 2026 at 14:13 BST', '6 Gorffennaf 2026 am 14:13 GMT+1'],
  ['2026-03-29T00:59:00Z', '29 March 2026 at 00:59 GMT', '29 Mawrth 2026 am 00:59 GMT'],
  ['2026-03-29T01:00:00Z', '29 March 2026 at 02:00 BST', '29 Mawrth 2026 am 02:00 GMT+1'],
  ['2026-10-25T00:59:00Z', '25 October 2026 at 01:59 BST', '25 Hydref 2026 am 01:59 GMT+1'],
  ['2026-10-25T01:00:00Z', '25 October 2026 at 01:00 GMT', '25 Hydref 2026 am 01:00 GMT'],
  ['2026-07-06T23:30:00Z', '7 July 2026 at 00:30 BST', '7 Gorffennaf 2026 am 00:30 GMT+1'],
  ['2026-01-01T00:00:00Z', '1 January 2026 at 00:00 GMT', '1 Ionawr 2026 am 00:00 GMT'],
];

describe('dates for people', () => {
  it('ends a day at its last moment in UK local time, in GMT, in BST and on the days the clocks change', () => {
    assert.equal(endOfUkDay('2026-12-15').toISOString(), '2026-12-15T23:59:59.999Z');
    assert.equal(endOfUkDay('2026-07-15').toISOString(), '2026-07-15T22:59:59.999Z');
    assert.equal(endOfUkDay('2026-03-29').toISOString(), '2026-03-29T22:59:59.999Z', 'BST from 01:00 UTC that morning');
    assert.equal(endOfUkDay('2026-10-25').toISOString(), '2026-10-25T23:59:59.999Z', 'GMT from 01:00 UTC that morning');
    assert.equal(formatDateTime(endOfUkDay('2026-07-15'), 'en'), '15 July 2026 at 23:59 BST');
    assert.equal(ukDate(new Date('2026-07-15T23:30:00Z')), '2026-07-16', 'half past midnight BST is the next day');
    assert.equal(ukDate(new Date('2026-12-15T23:30:00Z')), '2026-12-15');
    assert.equal(ukDate(endOfUkDay('2026-07-15')), '2026-07-15');
  });

  it('writes each instant in UK local time, British English for every English tag', () => {
    for (const [iso, english, welsh] of TABLE) {
      for (const tag of ['en', 'en-GB', 'en-US', 'EN', undefined, '', 'not a tag!'])
        assert.equal(formatDateTime(iso, tag), english, `${iso} in ${String(tag)}`);
      assert.equal(formatDateTime(new Date(iso), 'cy'), welsh, `${iso} in Welsh`);
      assert.equal(formatDateTime(Date.parse(iso), 'en'), english, 'a number of milliseconds too');
    }
  });

  it('gives the day and the time on their own, and the day of the week or seconds when asked', () => {
    assert.equal(formatDate('2026-07-06T23:30:00Z', 'en'), '7 July 2026', 'the day in the UK, not in UTC');
    assert.equal(formatTime('2026-07-06T23:30:00Z', 'en'), '00:30 BST');
    assert.equal(formatTime('2026-12-06T13:13:00Z', 'en', { zone: false }), '13:13');
    assert.equal(formatDateTime('2026-12-06T13:13:07Z', 'en', { weekday: true, seconds: true }), 'Sunday, 6 December 2026 at 13:13:07 GMT');
    assert.equal(formatDateTime('not a date', 'en'), '');
  });

  it('maps languages to locales: English to British English, the others to themselves', () => {
    assert.equal(dateLocale('en'), 'en-GB');
    assert.equal(dateLocale('en-US'), 'en-GB');
    assert.equal(dateLocale('cy'), 'cy');
    assert.equal(dateLocale('pl'), 'pl');
    assert.equal(dateLocale('ar'), 'ar');
    for (const language of ['uk', 'pa', 'bn', 'so', 'fr', 'lt', 'pt', 'es']) assert.equal(dateLocale(language), language);
    assert.equal(dateLocale('xx-!!'), 'en-GB');
  });

  it('never writes a US date, a 12-hour clock or UTC, in any site language', () => {
    for (const language of SITE_LANGUAGES) {
      for (const [iso] of TABLE) {
        const text = formatDateTime(iso, language);
        // French names the zone by its offset ("UTC+1" for BST), which is London time; bare UTC never.
        assert.doesNotMatch(text, /[AP]M\b|UTC(?![+−-]\d)|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d/, `${language}: ${text}`);
      }
    }
  });

  it('shows London’s hour and a zone in every site language, whatever its digits', () => {
    const western = (text: string) =>
      text
        .replace(/[০-৯]/g, (digit) => String(digit.charCodeAt(0) - 0x09e6))
        .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660));
    for (const language of SITE_LANGUAGES) {
      const summer = western(formatDateTime('2026-07-06T13:13:00Z', language));
      const winter = western(formatDateTime('2026-12-06T13:13:00Z', language));
      assert.match(summer, /14:13/, `${language}: ${summer}`);
      assert.match(summer, /2026/, `${language}: ${summer}`);
      assert.match(summer, /BST|\+ ?1/, `${language} names summer time: ${summer}`);
      assert.match(winter, /13:13/, `${language}: ${winter}`);
      assert.doesNotMatch(winter, /\+ ?1/, `${language}: ${winter}`);
    }
  });

  it('is what the public pages and forms show, for the same instant', () => {
    for (const [iso, english] of TABLE) {
      assert.equal(formatSentTime(new Date(iso), 'en'), english, 'a report or sighting’s sent time');
      assert.ok(formatWhen(new Date(iso), 'en').endsWith(english), 'an appeal page');
    }
  });
});

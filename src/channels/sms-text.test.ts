import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitsSegments, measureSms, nonGsmCharacters } from './sms-text.ts';

describe('measureSms: GSM-7', () => {
  it('measures plain English alert text as GSM-7', () => {
    const text = 'CHILD RESCUE ALERT: Amy, 7, missing from Leeds. Call 999 if seen, do not approach.';
    assert.deepEqual(measureSms(text), {
      encoding: 'GSM-7',
      units: text.length,
      segments: 1,
      perSegment: 160,
      remainingInSegment: 160 - text.length,
    });
  });

  it('keeps the accented letters of the default alphabet in GSM-7', () => {
    const text = 'Café ñu Øresund Åre Ärger Übel ß ¿¡ à è é ù ì ò Ç £ ¥ § ¤ @ _';
    const measured = measureSms(text);
    assert.equal(measured.encoding, 'GSM-7');
    assert.equal(measured.units, Array.from(text).length);
  });

  it('keeps the Greek capitals of the default alphabet in GSM-7', () => {
    assert.equal(measureSms('ΔΦΓΛΩΠΨΣΘΞ').encoding, 'GSM-7');
    assert.equal(measureSms('ΔΦΓΛΩΠΨΣΘΞ').units, 10);
  });

  it('counts the euro sign, braces and the rest of the extension table as two septets', () => {
    assert.deepEqual(measureSms('€'), { encoding: 'GSM-7', units: 2, segments: 1, perSegment: 160, remainingInSegment: 158 });
    assert.equal(measureSms('{}[]~|^\\').units, 16);
    assert.equal(measureSms('Reward €500 {info}').units, 18 + 3);
  });

  it('counts a line feed and carriage return as one septet each', () => {
    assert.equal(measureSms('Call 999\r\nNow').units, 13);
  });

  it('fits 160 septets in one SMS and needs two at 161', () => {
    assert.deepEqual(measureSms('a'.repeat(160)), { encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160, remainingInSegment: 0 });
    assert.deepEqual(measureSms('a'.repeat(161)), { encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153, remainingInSegment: 145 });
  });

  it('fits 306 septets in two parts and needs three at 307', () => {
    assert.deepEqual(measureSms('a'.repeat(306)), { encoding: 'GSM-7', units: 306, segments: 2, perSegment: 153, remainingInSegment: 0 });
    assert.deepEqual(measureSms('a'.repeat(307)), { encoding: 'GSM-7', units: 307, segments: 3, perSegment: 153, remainingInSegment: 152 });
  });

  it('counts extension characters at the single-SMS boundary', () => {
    assert.equal(measureSms('€'.repeat(80)).segments, 1);
    assert.equal(measureSms('a' + '€'.repeat(80)).segments, 2);
  });

  it('never splits an escape sequence across two parts', () => {
    // 152 septets, then a two-septet euro that cannot start in the last free septet of part one.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(10);
    const measured = measureSms(text);
    assert.equal(measured.units, 164);
    assert.equal(measured.segments, 2);
    assert.equal(measured.remainingInSegment, 153 - 12);
  });
});

describe('measureSms: UCS-2', () => {
  it('needs UCS-2 for Welsh ŵ and ŷ, which GSM 03.38 lacks', () => {
    const text = 'Rhybudd Achub Plentyn: ffoniwch 999. Peidiwch â mynd ato. Dŵr, tŷ.';
    const measured = measureSms(text);
    assert.equal(measured.encoding, 'UCS-2');
    assert.equal(measured.units, text.length);
    assert.deepEqual(nonGsmCharacters(text), ['â', 'ŵ', 'ŷ']);
  });

  it('needs UCS-2 for Polish', () => {
    const text = 'Zaginęła dziewczynka, lat 7. Dzwoń pod 999, nie zbliżaj się.';
    assert.equal(measureSms(text).encoding, 'UCS-2');
    assert.deepEqual(nonGsmCharacters(text), ['ę', 'ł', 'ń', 'ż']);
  });

  it('needs UCS-2 for Arabic', () => {
    const text = 'طفلة مفقودة، اتصل بالرقم 999';
    const measured = measureSms(text);
    assert.equal(measured.encoding, 'UCS-2');
    assert.equal(measured.units, text.length);
    assert.equal(measured.segments, 1);
  });

  it('counts an extension character as one unit once the text is UCS-2', () => {
    assert.equal(measureSms('€ŵ').units, 2);
  });

  it('counts an emoji outside the BMP as two UTF-16 code units', () => {
    assert.deepEqual(measureSms('🚸'), { encoding: 'UCS-2', units: 2, segments: 1, perSegment: 70, remainingInSegment: 68 });
    assert.equal(measureSms('Amy 😀').units, 6);
  });

  it('fits 70 units in one SMS and needs two at 71', () => {
    assert.deepEqual(measureSms('ŵ'.repeat(70)), { encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70, remainingInSegment: 0 });
    assert.deepEqual(measureSms('ŵ'.repeat(71)), { encoding: 'UCS-2', units: 71, segments: 2, perSegment: 67, remainingInSegment: 63 });
  });

  it('fits 134 units in two parts and needs three at 135', () => {
    assert.deepEqual(measureSms('ŵ'.repeat(134)), { encoding: 'UCS-2', units: 134, segments: 2, perSegment: 67, remainingInSegment: 0 });
    assert.deepEqual(measureSms('ŵ'.repeat(135)), { encoding: 'UCS-2', units: 135, segments: 3, perSegment: 67, remainingInSegment: 66 });
  });

  it('never splits a surrogate pair across two parts', () => {
    // 66 units, then an emoji (2 units) that cannot start in the last free unit of part one.
    const text = 'ŵ'.repeat(66) + '😀' + 'ŵ'.repeat(10);
    const measured = measureSms(text);
    assert.equal(measured.units, 78);
    assert.equal(measured.segments, 2);
    assert.equal(measured.remainingInSegment, 67 - 12);
  });

  it('lists an emoji as one non-GSM character', () => {
    assert.deepEqual(nonGsmCharacters('a😀b😀'), ['😀']);
  });

  it('treats a lower-case ç as outside the alphabet (only Ç is in it)', () => {
    assert.equal(measureSms('Ç').encoding, 'GSM-7');
    assert.equal(measureSms('ç').encoding, 'UCS-2');
  });

  it('needs UCS-2 for acute accents other than é and É (Spanish, Irish, Portuguese)', () => {
    for (const letter of ['á', 'í', 'ó', 'ú', 'Á', 'ã', 'õ']) assert.equal(measureSms(`Se${letter}n`).encoding, 'UCS-2', letter);
    assert.equal(measureSms('Sé É').encoding, 'GSM-7');
  });
});

describe('fitsSegments', () => {
  it('allows two segments by default', () => {
    assert.equal(fitsSegments('a'.repeat(306)), true);
    assert.equal(fitsSegments('a'.repeat(307)), false);
    assert.equal(fitsSegments('ŵ'.repeat(134)), true);
    assert.equal(fitsSegments('ŵ'.repeat(135)), false);
  });

  it('takes another maximum', () => {
    assert.equal(fitsSegments('a'.repeat(160), 1), true);
    assert.equal(fitsSegments('a'.repeat(161), 1), false);
    assert.equal(fitsSegments('ŵ'.repeat(71), 1), false);
  });

  it('counts an empty text as one SMS', () => {
    assert.deepEqual(measureSms(''), { encoding: 'GSM-7', units: 0, segments: 1, perSegment: 160, remainingInSegment: 160 });
    assert.equal(fitsSegments('', 1), true);
  });
});

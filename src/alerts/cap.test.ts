import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CAP_XSD, validateAgainstXsd } from '../../test/support/xmllint.ts';
import {
  CAP_NAMESPACE,
  InvalidCapError,
  capDigest,
  capReferenceOf,
  capSent,
  capToXml,
  childRescueInfo,
  parseCapXml,
  polygonsFromGeoJson,
  type CapArea,
  type CapInfo,
  type CapMessage,
  type CapResource,
} from './cap.ts';

const SENDER = 'alerts@forgetmenot.example';
const SENT = new Date('2026-11-23T03:00:00Z');
const photoBytes = new TextEncoder().encode('not really a JPEG, but bytes all the same');

const leedsArea: CapArea = {
  areaDesc: 'Leeds city centre and the M62 corridor',
  polygons: [
    [
      [-1.6, 53.75],
      [-1.45, 53.75],
      [-1.45, 53.83],
      [-1.6, 53.83],
      [-1.6, 53.75],
    ],
    [
      [-1.9, 53.7],
      [-1.7, 53.68],
      [-1.65, 53.72],
      [-1.72, 53.76],
      [-1.9, 53.7],
    ],
  ],
  circles: [{ center: [-1.5491, 53.8008], radiusKm: 12.5 }],
  geocodes: [{ valueName: 'ONS', value: 'E08000035' }],
};

const manchesterArea: CapArea = {
  areaDesc: 'Greater Manchester',
  circles: [
    { center: [-2.2426, 53.4808], radiusKm: 20 },
    { center: [-2.5, 53.55], radiusKm: 5 },
  ],
};

const highArea: CapArea = {
  areaDesc: 'Snowdon summit area',
  polygons: [
    [
      [-4.09, 53.06],
      [-4.07, 53.06],
      [-4.07, 53.08],
      [-4.09, 53.06],
    ],
  ],
  altitude: 3000,
  ceiling: 3560,
};

const photo: CapResource = {
  resourceDesc: 'Photo of Amy',
  mimeType: 'image/jpeg',
  size: photoBytes.byteLength,
  uri: 'https://forgetmenot.example/media/amy-2026.jpg',
  digest: capDigest(photoBytes),
};

const vehiclePhoto: CapResource = {
  resourceDesc: 'Silver Ford Focus, similar to the vehicle',
  mimeType: 'image/png',
  uri: 'https://forgetmenot.example/media/vehicle.png',
};

function childRescueInfos(areas: CapArea[] = [leedsArea, manchesterArea]): CapInfo[] {
  const common = {
    responseTypes: ['Monitor' as const],
    effective: SENT,
    onset: new Date('2026-11-23T01:30:00Z'),
    expires: new Date('2026-11-24T03:00:00Z'),
    senderName: 'West Yorkshire Police',
    web: 'https://forgetmenot.example/appeals/amy',
    contact: '999',
    parameters: [{ valueName: 'caseReference', value: 'WYP-2026-11-0042' }],
    resources: [photo, vehiclePhoto],
    areas,
  };
  return [
    childRescueInfo({
      ...common,
      language: 'en-GB',
      headline: 'Child Rescue Alert: Amy Smith, 7, missing from Leeds',
      description: 'Amy was last seen at 01:30 on Briggate, Leeds, wearing a red coat.\nShe may be in a silver Ford Focus.',
      instruction: 'If you see Amy, call 999 now. Do not approach.',
    }),
    childRescueInfo({
      ...common,
      language: 'cy',
      event: 'Herwgipio Plentyn',
      headline: 'Rhybudd Achub Plentyn: Amy Smith, 7, ar goll o Leeds',
      description: 'Gwelwyd Amy ddiwethaf am 01:30 ar Briggate. Mae’n gwisgo côt goch. Dŵr, tŷ, ŵyr.',
      instruction: 'Os gwelwch Amy, ffoniwch 999. Peidiwch â mynd ati.',
    }),
    childRescueInfo({
      ...common,
      language: 'pl',
      headline: 'Alarm: zaginęła Amy Smith, lat 7, Leeds',
      description: 'Amy była ostatnio widziana o 01:30 na Briggate. Ma na sobie czerwony płaszcz.',
      instruction: 'Jeśli zobaczysz Amy, zadzwoń pod 999. Nie zbliżaj się.',
    }),
    childRescueInfo({
      ...common,
      language: 'ar',
      headline: 'تنبيه إنقاذ طفل: إيمي سميث، 7 سنوات، مفقودة من ليدز',
      description: 'شوهدت إيمي آخر مرة الساعة 01:30 في بريغيت، ليدز.',
      instruction: 'إذا رأيت إيمي اتصل بالرقم 999. لا تقترب منها.',
    }),
  ];
}

const alertMessage: CapMessage = {
  identifier: 'FMN-2026-0042-1',
  sender: SENDER,
  sent: SENT,
  status: 'Actual',
  msgType: 'Alert',
  source: 'Authorised by Supt. J. Khan',
  scope: 'Public',
  codes: ['IPAWSv1.0', 'profile:CAP-UK:0.1'],
  incidents: ['WYP-2026-11-0042'],
  info: childRescueInfos(),
};

const updateMessage: CapMessage = {
  identifier: 'FMN-2026-0042-2',
  sender: SENDER,
  sent: new Date('2026-11-23T04:15:00Z'),
  status: 'Actual',
  msgType: 'Update',
  scope: 'Public',
  note: 'Vehicle registration added.',
  references: [capReferenceOf(alertMessage)],
  incidents: ['WYP-2026-11-0042'],
  info: childRescueInfos([leedsArea, manchesterArea, highArea]).map((info) => ({
    ...info,
    parameters: [...(info.parameters ?? []), { valueName: 'vehicleRegistration', value: 'YX19 ABC' }],
  })),
};

const cancelMessage: CapMessage = {
  identifier: 'FMN-2026-0042-3',
  sender: SENDER,
  sent: new Date('2026-11-23T06:40:00Z'),
  status: 'Actual',
  msgType: 'Cancel',
  scope: 'Public',
  note: 'Child found safe.',
  references: [capReferenceOf(alertMessage), capReferenceOf(updateMessage)],
  info: [
    childRescueInfo({
      language: 'en-GB',
      responseTypes: ['AllClear'],
      urgency: 'Past',
      severity: 'Minor',
      certainty: 'Observed',
      headline: 'Amy has been found. Thank you.',
      areas: [leedsArea, manchesterArea],
    }),
    childRescueInfo({
      language: 'cy',
      event: 'Herwgipio Plentyn',
      responseTypes: ['AllClear'],
      urgency: 'Past',
      severity: 'Minor',
      certainty: 'Observed',
      headline: 'Mae Amy wedi cael ei chanfod. Diolch.',
      areas: [leedsArea, manchesterArea],
    }),
  ],
};

const ackMessage: CapMessage = {
  identifier: 'GATEWAY-ACK-981',
  sender: 'cbc.gateway.example',
  sent: new Date('2026-11-23T03:00:04+00:00'),
  status: 'Actual',
  msgType: 'Ack',
  scope: 'Restricted',
  restriction: 'For the issuing police force only',
  references: [capReferenceOf(alertMessage)],
  info: [],
};

const errorMessage: CapMessage = {
  identifier: 'GATEWAY-ERR-982',
  sender: 'cbc.gateway.example',
  sent: new Date('2026-11-23T03:00:05Z'),
  status: 'Actual',
  msgType: 'Error',
  scope: 'Private',
  addresses: ['alerts@forgetmenot.example', 'West Yorkshire Police duty desk'],
  note: 'Rejected: polygon exceeds the gateway limit of 100 vertices.',
  references: [capReferenceOf(alertMessage)],
  info: [],
};

const everyMessage: Record<string, CapMessage> = {
  Alert: alertMessage,
  Update: updateMessage,
  Cancel: cancelMessage,
  Ack: ackMessage,
  Error: errorMessage,
  'Exercise Alert': { ...alertMessage, identifier: 'FMN-EX-7', status: 'Exercise', note: 'Exercise KESTREL: not a real child.' },
  'Test Alert': { ...alertMessage, identifier: 'FMN-TEST-8', status: 'Test', info: childRescueInfos([manchesterArea]).slice(0, 1) },
  'System message': { ...alertMessage, identifier: 'FMN-SYS-9', status: 'System', info: [] },
  'Draft Alert': { ...alertMessage, identifier: 'FMN-DRAFT-10', status: 'Draft' },
};

function assertValidCap(xml: string): void {
  const result = validateAgainstXsd(xml, CAP_XSD);
  assert.equal(result.valid, true, `CAP document failed the XSD:\n${result.errors}\n${xml}`);
}

describe('capToXml and parseCapXml', () => {
  for (const [name, message] of Object.entries(everyMessage)) {
    it(`writes a schema-valid ${name} that reads back unchanged`, () => {
      const xml = capToXml(message);
      assertValidCap(xml);
      assert.deepEqual(parseCapXml(xml), message);
    });
  }

  it('writes the CAP namespace and the elements in schema order', () => {
    const xml = capToXml(alertMessage);
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">/);
    assert.ok(xml.indexOf('<identifier>') < xml.indexOf('<sender>'));
    assert.ok(xml.indexOf('<scope>') < xml.indexOf('<code>'));
    assert.ok(xml.indexOf('<incidents>') < xml.indexOf('<info>'));
  });

  it('writes the Child Rescue Alert defaults', () => {
    const xml = capToXml(alertMessage);
    assert.match(xml, /<category>Rescue<\/category>\s*<event>Child Abduction<\/event>\s*<responseType>Monitor<\/responseType>/);
    assert.match(xml, /<urgency>Immediate<\/urgency>\s*<severity>Severe<\/severity>\s*<certainty>Likely<\/certainty>/);
    assert.match(xml, /<eventCode>\s*<valueName>SAME<\/valueName>\s*<value>CAE<\/value>\s*<\/eventCode>/);
  });

  it('writes times with -00:00 for UTC, never Z', () => {
    const xml = capToXml(alertMessage);
    assert.match(xml, /<sent>2026-11-23T03:00:00-00:00<\/sent>/);
    assert.match(xml, /<expires>2026-11-24T03:00:00-00:00<\/expires>/);
    assert.doesNotMatch(xml, /\d\dZ</);
  });

  it('writes polygons as closed "lat,lon" lists and circles as "lat,lon radius"', () => {
    const xml = capToXml(alertMessage);
    assert.ok(xml.includes('<polygon>53.75,-1.6 53.75,-1.45 53.83,-1.45 53.83,-1.6 53.75,-1.6</polygon>'));
    assert.ok(xml.includes('<circle>53.8008,-1.5491 12.5</circle>'));
  });

  it('writes references as space-separated "sender,identifier,sent"', () => {
    const xml = capToXml(cancelMessage);
    assert.ok(
      xml.includes(
        '<references>alerts@forgetmenot.example,FMN-2026-0042-1,2026-11-23T03:00:00-00:00 ' +
          'alerts@forgetmenot.example,FMN-2026-0042-2,2026-11-23T04:15:00-00:00</references>',
      ),
    );
  });

  it('quotes addresses that contain spaces', () => {
    assert.ok(capToXml(errorMessage).includes('<addresses>alerts@forgetmenot.example "West Yorkshire Police duty desk"</addresses>'));
  });

  it('escapes markup in text and reads it back', () => {
    const message: CapMessage = {
      ...alertMessage,
      note: 'Tom & Jerry <script>alert("x")</script> ]]> \'quoted\'',
      info: [childRescueInfo({ language: 'en-GB', headline: 'A < B && C > D', description: '<b>not bold</b>' })],
    };
    const xml = capToXml(message);
    assert.ok(!xml.includes('<script>'));
    assert.ok(xml.includes('Tom &amp; Jerry &lt;script&gt;'));
    assertValidCap(xml);
    assert.deepEqual(parseCapXml(xml), message);
  });

  it('writes tiny coordinates as decimals, not in exponent form', () => {
    const message: CapMessage = {
      ...alertMessage,
      info: [
        childRescueInfo({ language: 'en-GB', areas: [{ areaDesc: 'Null Island', circles: [{ center: [1e-7, -0], radiusKm: 0.5 }] }] }),
      ],
    };
    const xml = capToXml(message);
    assert.ok(xml.includes('<circle>0,0.0000001 0.5</circle>'));
    assertValidCap(xml);
  });

  it('writes line breaks as LF, which is what XML readers give back', () => {
    const message: CapMessage = { ...alertMessage, note: 'line one\r\nline two\rline three' };
    assert.equal(parseCapXml(capToXml(message)).note, 'line one\nline two\nline three');
  });

  it('keeps the whitespace of free text exactly', () => {
    const message: CapMessage = {
      ...alertMessage,
      note: '  indented note  ',
      info: [childRescueInfo({ language: 'en-GB', description: '\n  Line one\n\n  Line two\n', instruction: ' Call 999 ' })],
    };
    assert.deepEqual(parseCapXml(capToXml(message)), message);
  });

  it('does not change the message it is given', () => {
    const copy = structuredClone(updateMessage);
    capToXml(updateMessage);
    assert.deepEqual(updateMessage, copy);
  });
});

describe('capSent', () => {
  it('formats UTC as -00:00 and drops milliseconds', () => {
    assert.equal(capSent(new Date('2026-11-23T03:00:00Z')), '2026-11-23T03:00:00-00:00');
    assert.equal(capSent(new Date('2026-11-23T03:00:00.999Z')), '2026-11-23T03:00:00-00:00');
    assert.equal(capSent(new Date('2026-11-23T04:00:00+01:00')), '2026-11-23T03:00:00-00:00');
  });

  it('matches the schema pattern', () => {
    assert.match(capSent(new Date()), /^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-,+]\d\d:\d\d$/);
  });

  it('refuses an invalid date', () => {
    assert.throws(() => capSent(new Date('not a date')), InvalidCapError);
  });

  it('gives references the truncated sent time so they match the message text', () => {
    const reference = capReferenceOf({ sender: SENDER, identifier: 'X-1', sent: new Date('2026-11-23T03:00:00.456Z') });
    assert.equal(reference.sent.toISOString(), '2026-11-23T03:00:00.000Z');
  });
});

describe('capDigest', () => {
  it('is the SHA-1 of the bytes in hex', () => {
    assert.equal(capDigest(new TextEncoder().encode('abc')), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});

describe('polygonsFromGeoJson', () => {
  it('takes the rings of a Polygon and a MultiPolygon', () => {
    const ring: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    assert.deepEqual(polygonsFromGeoJson({ type: 'Polygon', coordinates: [ring] }), [ring]);
    assert.deepEqual(polygonsFromGeoJson({ type: 'MultiPolygon', coordinates: [[ring], [ring]] }), [ring, ring]);
  });

  it('drops altitudes, which CAP polygons do not carry', () => {
    const ring = [
      [0, 0, 10],
      [1, 0, 10],
      [1, 1, 10],
      [0, 0, 10],
    ];
    assert.deepEqual(polygonsFromGeoJson({ type: 'Polygon', coordinates: [ring] }), [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ]);
  });

  it('refuses a polygon with a hole', () => {
    const outer = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 0],
    ];
    const hole = [
      [1, 1],
      [2, 1],
      [2, 2],
      [1, 1],
    ];
    assert.throws(() => polygonsFromGeoJson({ type: 'Polygon', coordinates: [outer, hole] }), /cannot have holes/);
  });
});

describe('capToXml refuses what CAP forbids', () => {
  const withArea = (area: CapArea): CapMessage => ({ ...alertMessage, info: [childRescueInfo({ language: 'en-GB', areas: [area] })] });
  const withInfo = (fields: Partial<CapInfo>): CapMessage => ({
    ...alertMessage,
    info: [{ ...childRescueInfo({ language: 'en-GB' }), ...fields }],
  });

  const cases: [string, CapMessage, RegExp][] = [
    [
      'a polygon that is not closed',
      withArea({
        areaDesc: 'x',
        polygons: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      }),
      /polygons\[0\]: a polygon must be closed/,
    ],
    [
      'a polygon of three positions',
      withArea({
        areaDesc: 'x',
        polygons: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      }),
      /at least 4 positions/,
    ],
    ['a latitude out of range', withArea({ areaDesc: 'x', circles: [{ center: [0, 91], radiusKm: 1 }] }), /latitude out of range/],
    [
      'a longitude out of range',
      withArea({
        areaDesc: 'x',
        polygons: [
          [
            [181, 0],
            [1, 0],
            [1, 1],
            [181, 0],
          ],
        ],
      }),
      /longitude out of range/,
    ],
    ['a circle without a positive radius', withArea({ areaDesc: 'x', circles: [{ center: [0, 0], radiusKm: 0 }] }), /radiusKm/],
    ['a ceiling without an altitude', withArea({ areaDesc: 'x', ceiling: 100 }), /ceiling: may only be given with altitude/],
    ['an empty area description', withArea({ areaDesc: ' ' }), /areaDesc: is required/],
    ['an identifier with a space', { ...alertMessage, identifier: 'FMN 42' }, /identifier: must not contain spaces, commas/],
    ['an identifier with a comma', { ...alertMessage, identifier: 'FMN,42' }, /identifier: must not contain/],
    ["an identifier with '<'", { ...alertMessage, identifier: 'FMN<42' }, /identifier: must not contain/],
    ["an identifier with '&'", { ...alertMessage, identifier: 'FMN&42' }, /identifier: must not contain/],
    ['an empty identifier', { ...alertMessage, identifier: '' }, /identifier: is required/],
    ['a sender with a space', { ...alertMessage, sender: 'West Yorkshire Police' }, /sender: must not contain/],
    ['an Update without references', { ...updateMessage, references: [] }, /a Update must reference/],
    ['a Cancel without references', { ...cancelMessage, references: undefined }, /a Cancel must reference/],
    [
      'a reference whose identifier has a comma',
      { ...updateMessage, references: [{ sender: SENDER, identifier: 'a,b', sent: SENT }] },
      /references\[0\]\.identifier/,
    ],
    ['an unknown status', { ...alertMessage, status: 'Real' as CapMessage['status'] }, /status: must be one of Actual/],
    ['an unknown msgType', { ...alertMessage, msgType: 'Withdraw' as CapMessage['msgType'] }, /msgType/],
    ['a Restricted message without a restriction', { ...alertMessage, scope: 'Restricted' }, /restriction: is required/],
    ['a Private message without addresses', { ...alertMessage, scope: 'Private' }, /addresses: are required/],
    ['an invalid sent date', { ...alertMessage, sent: new Date('nope') }, /sent: must be a valid Date/],
    ['a language that is not a tag', withInfo({ language: 'en_GB' }), /language: not a language tag/],
    ['an info block without categories', withInfo({ categories: [] }), /at least one category/],
    ['an unknown urgency', withInfo({ urgency: 'Now' as CapInfo['urgency'] }), /urgency/],
    ['a relative web address', withInfo({ web: '/appeals/amy' }), /web: must be an absolute URI/],
    ['a digest that is not SHA-1 hex', withInfo({ resources: [{ ...photo, digest: 'abc' }] }), /digest: must be a SHA-1 digest/],
    ['a negative resource size', withInfo({ resources: [{ ...photo, size: -1 }] }), /size: must be a whole number/],
    ['a control character XML cannot carry', withInfo({ headline: 'bell \u0007' }), /U\+0007/],
    ['a lone surrogate', withInfo({ description: 'broken \uD83D emoji' }), /U\+D83D/],
  ];
  for (const [name, message, expected] of cases) {
    it(`throws for ${name}`, () => {
      assert.throws(
        () => capToXml(message),
        (error: unknown) => {
          assert.ok(error instanceof InvalidCapError, `expected InvalidCapError, got ${String(error)}`);
          assert.match(error.message, expected);
          return true;
        },
      );
    });
  }
});

describe('parseCapXml reads other senders and refuses what is not CAP 1.2', () => {
  const foreign = `<?xml version="1.0" encoding="UTF-8"?>
<cap:alert xmlns:cap="${CAP_NAMESPACE}">
  <cap:identifier>NL-AMBER-2026-17</cap:identifier>
  <cap:sender>amberalert.example.nl</cap:sender>
  <cap:sent>2026-11-23T04:00:00+01:00</cap:sent>
  <cap:status>Actual</cap:status>
  <cap:msgType>Alert</cap:msgType>
  <cap:scope>Public</cap:scope>
  <cap:info>
    <cap:category>Rescue</cap:category>
    <cap:event>Child Abduction</cap:event>
    <cap:urgency>Immediate</cap:urgency>
    <cap:severity>Severe</cap:severity>
    <cap:certainty>Likely</cap:certainty>
    <cap:headline>Verm&#x175;ist: Anna &amp; Jan &#233;</cap:headline>
    <cap:description><![CDATA[<Lange> beschrijving & meer]]></cap:description>
    <cap:area>
      <cap:areaDesc>Amsterdam</cap:areaDesc>
      <cap:circle>52.37,4.89 15</cap:circle>
    </cap:area>
  </cap:info>
</cap:alert>`;

  it('reads a prefixed document with an offset time, character references and CDATA', () => {
    assertValidCap(foreign);
    const message = parseCapXml(foreign);
    assert.equal(message.identifier, 'NL-AMBER-2026-17');
    assert.equal(message.sent.toISOString(), '2026-11-23T03:00:00.000Z');
    const info = message.info[0];
    assert.ok(info);
    assert.equal(info.language, 'en-US', 'an absent <language> takes the schema default');
    assert.equal(info.headline, 'Vermŵist: Anna & Jan é');
    assert.equal(info.description, '<Lange> beschrijving & meer');
    assert.deepEqual(info.areas, [{ areaDesc: 'Amsterdam', circles: [{ center: [4.89, 52.37], radiusKm: 15 }] }]);
  });

  it('trims whitespace around values of a fixed form, as the schema types do', () => {
    const spaced = foreign
      .replace('<cap:sent>2026-11-23T04:00:00+01:00</cap:sent>', '<cap:sent>\n    2026-11-23T04:00:00+01:00\n  </cap:sent>')
      .replace('<cap:urgency>Immediate</cap:urgency>', '<cap:urgency> Immediate </cap:urgency>')
      .replace('<cap:circle>52.37,4.89 15</cap:circle>', '<cap:circle>\n  52.37,4.89   15\n</cap:circle>');
    const message = parseCapXml(spaced);
    assert.equal(message.sent.toISOString(), '2026-11-23T03:00:00.000Z');
    assert.equal(message.info[0]?.urgency, 'Immediate');
    assert.deepEqual(message.info[0].areas?.[0]?.circles, [{ center: [4.89, 52.37], radiusKm: 15 }]);
  });

  it('refuses another CAP version', () => {
    assert.throws(() => parseCapXml(foreign.replace(CAP_NAMESPACE, 'urn:oasis:names:tc:emergency:cap:1.1')), /must be in the namespace/);
  });

  it('refuses a document whose root is not <alert>', () => {
    assert.throws(() => parseCapXml(`<feed xmlns="${CAP_NAMESPACE}"/>`), /root element must be <alert>/);
  });

  it('refuses a DOCTYPE', () => {
    const withDoctype = foreign.replace('<cap:alert', '<!DOCTYPE alert [<!ENTITY big "x">]>\n<cap:alert');
    assert.throws(() => parseCapXml(withDoctype), /DOCTYPE/);
  });

  it('refuses XML that is not well-formed', () => {
    assert.throws(() => parseCapXml(foreign.replace('</cap:scope>', '</cap:scop>')), /not well-formed/);
  });

  it('refuses a time written with Z', () => {
    assert.throws(() => parseCapXml(foreign.replace('2026-11-23T04:00:00+01:00', '2026-11-23T03:00:00Z')), /sent: not a CAP date-time/);
  });

  it('refuses a missing identifier', () => {
    assert.throws(() => parseCapXml(foreign.replace(/<cap:identifier>.*<\/cap:identifier>/, '')), /identifier: is missing/);
  });

  it('refuses an element given twice', () => {
    const twice = foreign.replace('<cap:scope>Public</cap:scope>', '<cap:scope>Public</cap:scope><cap:scope>Private</cap:scope>');
    assert.throws(() => parseCapXml(twice), /scope: appears more than once/);
  });

  it('refuses an unclosed polygon', () => {
    const polygon = foreign.replace('<cap:circle>52.37,4.89 15</cap:circle>', '<cap:polygon>52,4 52,5 53,5 53,4</cap:polygon>');
    assertValidCap(polygon); // the schema cannot see it; CAP's text can
    assert.throws(() => parseCapXml(polygon), /polygon must be closed/);
  });

  it('refuses a malformed reference', () => {
    const update = foreign
      .replace('<cap:msgType>Alert', '<cap:msgType>Update')
      .replace('</cap:scope>', '</cap:scope><cap:references>amberalert.example.nl,NL-AMBER-2026-16</cap:references>');
    assert.throws(() => parseCapXml(update), /references\[0\]: not "sender,identifier,sent"/);
  });
});

describe('validateAgainstXsd', () => {
  it('reports a document the schema rejects', () => {
    const withZ = capToXml(alertMessage).replace('<sent>2026-11-23T03:00:00-00:00</sent>', '<sent>2026-11-23T03:00:00Z</sent>');
    const result = validateAgainstXsd(withZ, CAP_XSD);
    assert.equal(result.valid, false);
    assert.match(result.errors, /sent/);
  });

  it('throws, rather than passing, when xmllint cannot be found', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      assert.throws(() => validateAgainstXsd(capToXml(alertMessage), CAP_XSD), /xmllint is not installed/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('throws when the schema file is missing', () => {
    assert.throws(() => validateAgainstXsd('<a/>', '/nonexistent/schema.xsd'), /XML schema not found/);
  });
});

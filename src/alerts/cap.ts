// CAP 1.2 (OASIS Common Alerting Protocol) as XML: the format cell broadcast gateways and public alert
// aggregators take. Pure: builds and reads text, no I/O. The message types and their checks are in
// cap-message.ts, re-exported here so callers import one module.
import { XMLParser } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import {
  CAP_NAMESPACE,
  InvalidCapError,
  capSent,
  validateCapMessage,
  type CapArea,
  type CapCategory,
  type CapCertainty,
  type CapCircle,
  type CapInfo,
  type CapMessage,
  type CapMsgType,
  type CapReference,
  type CapResource,
  type CapResponseType,
  type CapScope,
  type CapSeverity,
  type CapStatus,
  type CapUrgency,
  type CapValuePair,
  type LonLat,
} from './cap-message.ts';

export * from './cap-message.ts';

function fail(where: string, problem: string): never {
  throw new InvalidCapError(`CAP ${where}: ${problem}`);
}

// ---------------------------------------------------------------------------------------------
// Writing

// Coordinates and radii as plain decimals: String() would write 1e-7 in exponent form.
function formatDecimal(value: number): string {
  const text = String(value);
  return text.includes('e') ? value.toFixed(12).replace(/\.?0+$/, '') : text;
}

function formatLatLon([lon, lat]: LonLat): string {
  return `${formatDecimal(lat)},${formatDecimal(lon)}`;
}

// Space-separated list where an item with whitespace is enclosed in double quotes (CAP addresses, incidents).
function formatQuotedList(items: string[]): string {
  return items.map((item) => (/\s/.test(item) ? `"${item}"` : item)).join(' ');
}

// XML readers turn CR and CRLF into LF, so write LF: what we publish is what a reader sees.
function xmlText(value: string): string {
  return value.replace(/\r\n?/g, '\n');
}

type XmlElement = ReturnType<typeof create>;

function addText(parent: XmlElement, name: string, value: string | undefined): void {
  if (value !== undefined) parent.ele(name).txt(xmlText(value));
}

function addValuePairs(parent: XmlElement, name: string, pairs: CapValuePair[] | undefined): void {
  for (const pair of pairs ?? []) {
    const element = parent.ele(name);
    element.ele('valueName').txt(xmlText(pair.valueName));
    element.ele('value').txt(xmlText(pair.value));
  }
}

function addInfo(alert: XmlElement, info: CapInfo): void {
  const element = alert.ele('info');
  addText(element, 'language', info.language);
  for (const category of info.categories) addText(element, 'category', category);
  addText(element, 'event', info.event);
  for (const responseType of info.responseTypes ?? []) addText(element, 'responseType', responseType);
  addText(element, 'urgency', info.urgency);
  addText(element, 'severity', info.severity);
  addText(element, 'certainty', info.certainty);
  addText(element, 'audience', info.audience);
  addValuePairs(element, 'eventCode', info.eventCodes);
  addText(element, 'effective', info.effective && capSent(info.effective));
  addText(element, 'onset', info.onset && capSent(info.onset));
  addText(element, 'expires', info.expires && capSent(info.expires));
  addText(element, 'senderName', info.senderName);
  addText(element, 'headline', info.headline);
  addText(element, 'description', info.description);
  addText(element, 'instruction', info.instruction);
  addText(element, 'web', info.web);
  addText(element, 'contact', info.contact);
  addValuePairs(element, 'parameter', info.parameters);
  for (const resource of info.resources ?? []) {
    const resourceElement = element.ele('resource');
    addText(resourceElement, 'resourceDesc', resource.resourceDesc);
    addText(resourceElement, 'mimeType', resource.mimeType);
    addText(resourceElement, 'size', resource.size === undefined ? undefined : String(resource.size));
    addText(resourceElement, 'uri', resource.uri);
    addText(resourceElement, 'derefUri', resource.derefUri);
    addText(resourceElement, 'digest', resource.digest);
  }
  for (const area of info.areas ?? []) {
    const areaElement = element.ele('area');
    addText(areaElement, 'areaDesc', area.areaDesc);
    for (const ring of area.polygons ?? []) addText(areaElement, 'polygon', ring.map(formatLatLon).join(' '));
    for (const circle of area.circles ?? []) {
      addText(areaElement, 'circle', `${formatLatLon(circle.center)} ${formatDecimal(circle.radiusKm)}`);
    }
    addValuePairs(areaElement, 'geocode', area.geocodes);
    addText(areaElement, 'altitude', area.altitude === undefined ? undefined : formatDecimal(area.altitude));
    addText(areaElement, 'ceiling', area.ceiling === undefined ? undefined : formatDecimal(area.ceiling));
  }
}

/** A CAP 1.2 document for the message. Throws InvalidCapError if the message breaks a CAP rule. */
export function capToXml(message: CapMessage): string {
  validateCapMessage(message);
  const alert = create({ version: '1.0', encoding: 'UTF-8' }).ele(CAP_NAMESPACE, 'alert');
  addText(alert, 'identifier', message.identifier);
  addText(alert, 'sender', message.sender);
  addText(alert, 'sent', capSent(message.sent));
  addText(alert, 'status', message.status);
  addText(alert, 'msgType', message.msgType);
  addText(alert, 'source', message.source);
  addText(alert, 'scope', message.scope);
  addText(alert, 'restriction', message.restriction);
  addText(alert, 'addresses', message.addresses?.length ? formatQuotedList(message.addresses) : undefined);
  for (const code of message.codes ?? []) addText(alert, 'code', code);
  addText(alert, 'note', message.note);
  const references = message.references ?? [];
  addText(
    alert,
    'references',
    references.length ? references.map((ref) => `${ref.sender},${ref.identifier},${capSent(ref.sent)}`).join(' ') : undefined,
  );
  addText(alert, 'incidents', message.incidents?.length ? formatQuotedList(message.incidents) : undefined);
  for (const info of message.info) addInfo(alert, info);
  return alert.end({ prettyPrint: true });
}

// ---------------------------------------------------------------------------------------------
// Reading

type XmlNode = Record<string, unknown>;

const REPEATABLE_ELEMENTS = new Set([
  'code',
  'info',
  'category',
  'responseType',
  'eventCode',
  'parameter',
  'resource',
  'area',
  'polygon',
  'circle',
  'geocode',
]);

// Element names without their namespace prefix, so <cap:alert> and <alert xmlns=...> read the same;
// the namespace itself is checked on the root. Text is kept exactly as written (free text round-trips);
// values with a fixed form (times, codes, numbers, URIs) are trimmed where they are read, as the
// schema's types collapse their whitespace too.
const capParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Decodes numeric character references (&#x175;), which XML requires and the default leaves alone;
  // it also accepts common HTML names (&nbsp;), a leniency towards other senders we can live with.
  htmlEntities: true,
  transformTagName: (name) => name.slice(name.indexOf(':') + 1),
  isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && REPEATABLE_ELEMENTS.has(name),
});

const CAP_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)$/;

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textContent(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  // An element carrying attributes (a redundant xmlns, say) comes back as an object.
  if (isNode(value) && Object.keys(value).every((key) => key === '#text' || key.startsWith('@'))) {
    return typeof value['#text'] === 'string' ? value['#text'] : '';
  }
  fail(where, Array.isArray(value) ? 'appears more than once' : 'must be text');
}

function readOptionalText(node: XmlNode, name: string, where: string): string | undefined {
  const value = node[name];
  return value === undefined ? undefined : textContent(value, `${where}${name}`);
}

function readText(node: XmlNode, name: string, where: string): string {
  const value = readOptionalText(node, name, where);
  if (value === undefined) fail(`${where}${name}`, 'is missing');
  return value;
}

/** A value with a fixed form (a code, a time, a number): surrounding whitespace is not part of it. */
function readOptionalToken(node: XmlNode, name: string, where: string): string | undefined {
  return readOptionalText(node, name, where)?.trim();
}

function readToken(node: XmlNode, name: string, where: string): string {
  return readText(node, name, where).trim();
}

function readList(node: XmlNode, name: string): unknown[] {
  const value = node[name];
  return Array.isArray(value) ? value : [];
}

function readChildNode(value: unknown, where: string): XmlNode {
  if (!isNode(value)) fail(where, 'must contain elements');
  return value;
}

function parseCapDate(text: string, where: string): Date {
  if (!CAP_DATE_TIME.test(text)) fail(where, `not a CAP date-time (like 2026-11-23T03:00:00-00:00): ${JSON.stringify(text)}`);
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) fail(where, `not a real date-time: ${JSON.stringify(text)}`);
  return date;
}

function parseOptionalCapDate(node: XmlNode, name: string, where: string): Date | undefined {
  const text = readOptionalToken(node, name, where);
  return text === undefined ? undefined : parseCapDate(text, `${where}${name}`);
}

function parseDecimal(text: string, where: string): number {
  if (!DECIMAL.test(text)) fail(where, `not a decimal number: ${JSON.stringify(text)}`);
  return Number(text);
}

function parseLatLon(text: string, where: string): LonLat {
  const parts = text.split(',');
  if (parts.length !== 2) fail(where, `not a "latitude,longitude" pair: ${JSON.stringify(text)}`);
  const [lat, lon] = parts.map((part) => parseDecimal(part, where)) as [number, number];
  return [lon, lat];
}

function parseQuotedList(text: string): string[] {
  return Array.from(text.matchAll(/"([^"]*)"|(\S+)/g), (match) => match[1] ?? match[2] ?? '').filter((item) => item !== '');
}

function parseValuePairs(node: XmlNode, name: string, where: string): CapValuePair[] | undefined {
  const pairs = readList(node, name).map((value, index) => {
    const pair = readChildNode(value, `${where}${name}[${index}]`);
    return {
      valueName: readText(pair, 'valueName', `${where}${name}[${index}].`),
      value: readOptionalText(pair, 'value', `${where}${name}[${index}].`) ?? fail(`${where}${name}[${index}].value`, 'is missing'),
    };
  });
  return pairs.length ? pairs : undefined;
}

function parseArea(node: XmlNode, where: string): CapArea {
  const area: CapArea = { areaDesc: readText(node, 'areaDesc', where) };
  const polygons = readList(node, 'polygon').map((value, index) =>
    textContent(value, `${where}polygon[${index}]`)
      .split(/\s+/)
      .filter((pair) => pair !== '')
      .map((pair) => parseLatLon(pair, `${where}polygon[${index}]`)),
  );
  if (polygons.length) area.polygons = polygons;
  const circles = readList(node, 'circle').map((value, index): CapCircle => {
    const text = textContent(value, `${where}circle[${index}]`).trim();
    const [center, radius, ...rest] = text.split(/\s+/);
    if (center === undefined || radius === undefined || rest.length) {
      fail(`${where}circle[${index}]`, `not "latitude,longitude radius": ${JSON.stringify(text)}`);
    }
    return { center: parseLatLon(center, `${where}circle[${index}]`), radiusKm: parseDecimal(radius, `${where}circle[${index}]`) };
  });
  if (circles.length) area.circles = circles;
  const geocodes = parseValuePairs(node, 'geocode', where);
  if (geocodes) area.geocodes = geocodes;
  const altitude = readOptionalToken(node, 'altitude', where);
  if (altitude !== undefined) area.altitude = parseDecimal(altitude, `${where}altitude`);
  const ceiling = readOptionalToken(node, 'ceiling', where);
  if (ceiling !== undefined) area.ceiling = parseDecimal(ceiling, `${where}ceiling`);
  return area;
}

function parseResource(node: XmlNode, where: string): CapResource {
  const resource: CapResource = {
    resourceDesc: readText(node, 'resourceDesc', where),
    mimeType: readToken(node, 'mimeType', where),
  };
  const size = readOptionalToken(node, 'size', where);
  if (size !== undefined) {
    if (!/^\d+$/.test(size)) fail(`${where}size`, `not a whole number of bytes: ${JSON.stringify(size)}`);
    resource.size = Number(size);
  }
  for (const field of ['uri', 'derefUri', 'digest'] as const) {
    const value = readOptionalToken(node, field, where);
    if (value !== undefined) resource[field] = value;
  }
  return resource;
}

function parseInfo(node: XmlNode, where: string): CapInfo {
  const info: CapInfo = {
    // The schema's default when <language> is absent.
    language: readOptionalToken(node, 'language', where) ?? 'en-US',
    categories: readList(node, 'category').map((value, index) => textContent(value, `${where}category[${index}]`).trim() as CapCategory),
    event: readText(node, 'event', where),
    urgency: readToken(node, 'urgency', where) as CapUrgency,
    severity: readToken(node, 'severity', where) as CapSeverity,
    certainty: readToken(node, 'certainty', where) as CapCertainty,
  };
  const responseTypes = readList(node, 'responseType').map(
    (value, index) => textContent(value, `${where}responseType[${index}]`).trim() as CapResponseType,
  );
  if (responseTypes.length) info.responseTypes = responseTypes;
  const audience = readOptionalText(node, 'audience', where);
  if (audience !== undefined) info.audience = audience;
  const eventCodes = parseValuePairs(node, 'eventCode', where);
  if (eventCodes) info.eventCodes = eventCodes;
  for (const field of ['effective', 'onset', 'expires'] as const) {
    const date = parseOptionalCapDate(node, field, where);
    if (date) info[field] = date;
  }
  for (const field of ['senderName', 'headline', 'description', 'instruction', 'contact'] as const) {
    const value = readOptionalText(node, field, where);
    if (value !== undefined) info[field] = value;
  }
  const web = readOptionalToken(node, 'web', where);
  if (web !== undefined) info.web = web;
  const parameters = parseValuePairs(node, 'parameter', where);
  if (parameters) info.parameters = parameters;
  const resources = readList(node, 'resource').map((value, index) =>
    parseResource(readChildNode(value, `${where}resource[${index}]`), `${where}resource[${index}].`),
  );
  if (resources.length) info.resources = resources;
  const areas = readList(node, 'area').map((value, index) =>
    parseArea(readChildNode(value, `${where}area[${index}]`), `${where}area[${index}].`),
  );
  if (areas.length) info.areas = areas;
  return info;
}

function parseReferences(text: string): CapReference[] {
  return text
    .split(/\s+/)
    .filter((item) => item !== '')
    .map((item, index) => {
      const parts = item.split(',');
      if (parts.length !== 3) fail(`references[${index}]`, `not "sender,identifier,sent": ${JSON.stringify(item)}`);
      const [sender, identifier, sent] = parts as [string, string, string];
      return { sender, identifier, sent: parseCapDate(sent, `references[${index}].sent`) };
    });
}

/**
 * Reads a CAP 1.2 document (ours or another sender's). Optional fields and lists that are absent
 * are left out, so capToXml → parseCapXml gives back the same message. Throws InvalidCapError for
 * a document that is not CAP 1.2 or breaks one of its rules.
 */
export function parseCapXml(xml: string): CapMessage {
  // CAP needs no DTD; refusing one shuts out entity-expansion and external-entity tricks.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) fail('document', 'must not contain a DOCTYPE or entity declarations');
  let document: XmlNode;
  try {
    document = capParser.parse(xml, true) as XmlNode;
  } catch (error) {
    fail('document', `not well-formed XML: ${(error as Error).message}`);
  }
  const root = document.alert;
  if (!isNode(root)) fail('document', 'the root element must be <alert>');
  const namespaces = Object.entries(root).filter(([key]) => key === '@xmlns' || key.startsWith('@xmlns:'));
  if (!namespaces.some(([, value]) => value === CAP_NAMESPACE)) fail('document', `<alert> must be in the namespace ${CAP_NAMESPACE}`);

  const message: CapMessage = {
    identifier: readToken(root, 'identifier', ''),
    sender: readToken(root, 'sender', ''),
    sent: parseCapDate(readToken(root, 'sent', ''), 'sent'),
    status: readToken(root, 'status', '') as CapStatus,
    msgType: readToken(root, 'msgType', '') as CapMsgType,
    scope: readToken(root, 'scope', '') as CapScope,
    info: [],
  };
  for (const field of ['source', 'restriction', 'note'] as const) {
    const value = readOptionalText(root, field, '');
    if (value !== undefined) message[field] = value;
  }
  const addresses = readOptionalText(root, 'addresses', '');
  if (addresses !== undefined) message.addresses = parseQuotedList(addresses);
  const codes = readList(root, 'code').map((value, index) => textContent(value, `code[${index}]`).trim());
  if (codes.length) message.codes = codes;
  const references = readOptionalText(root, 'references', '');
  if (references !== undefined) message.references = parseReferences(references);
  const incidents = readOptionalText(root, 'incidents', '');
  if (incidents !== undefined) message.incidents = parseQuotedList(incidents);
  message.info = readList(root, 'info').map((value, index) => parseInfo(readChildNode(value, `info[${index}]`), `info[${index}].`));

  validateCapMessage(message);
  return message;
}

// CAP 1.2 (OASIS Common Alerting Protocol) messages as typed data, with the checks CAP 1.2 makes on
// them: the schema's (shared/standards/cap/CAP-v1.2.xsd) and the rules only its specification states
// (restricted characters, polygon closure, references on Update/Cancel). XML lives in cap.ts.
import { createHash } from 'node:crypto';
import type { MultiPolygon, Polygon } from 'geojson';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_MIME_TYPE = 'application/cap+xml';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_RESPONSE_TYPES = ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/** A GeoJSON position: longitude first. CAP writes latitude first; the conversion happens here only. */
export type LonLat = [longitude: number, latitude: number];

/** An earlier message, named as CAP names it: sender, identifier and sent together. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: Date;
}

/** The valueName/value pairs of eventCode, parameter and geocode. */
export interface CapValuePair {
  valueName: string;
  value: string;
}

export interface CapCircle {
  center: LonLat;
  radiusKm: number;
}

export interface CapArea {
  areaDesc: string;
  /** Each polygon is one closed ring (first position = last, at least 4). CAP has no holes. */
  polygons?: LonLat[][];
  circles?: CapCircle[];
  geocodes?: CapValuePair[];
  /** Feet above mean sea level, as CAP defines it. */
  altitude?: number;
  /** Feet above mean sea level; only with altitude. */
  ceiling?: number;
}

export interface CapResource {
  resourceDesc: string;
  mimeType: string;
  /** Bytes. */
  size?: number;
  uri?: string;
  /** The resource itself, base64, for receivers that cannot fetch `uri`. */
  derefUri?: string;
  /** SHA-1 of the resource as 40 hex digits (see `capDigest`). */
  digest?: string;
}

export interface CapInfo {
  /** BCP 47 / RFC 3066 tag, e.g. 'en-GB', 'cy', 'pl', 'ar'. One info block per language. */
  language: string;
  categories: CapCategory[];
  event: string;
  responseTypes?: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  audience?: string;
  eventCodes?: CapValuePair[];
  effective?: Date;
  onset?: Date;
  expires?: Date;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  contact?: string;
  parameters?: CapValuePair[];
  resources?: CapResource[];
  areas?: CapArea[];
}

export interface CapMessage {
  identifier: string;
  sender: string;
  sent: Date;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string;
  scope: CapScope;
  /** Required when scope is 'Restricted'. */
  restriction?: string;
  /** Required when scope is 'Private'. */
  addresses?: string[];
  codes?: string[];
  note?: string;
  /** Required for Update, Cancel, Ack and Error: the messages they act on. */
  references?: CapReference[];
  incidents?: string[];
  info: CapInfo[];
}

/** Thrown for a message that CAP 1.2 does not allow, naming the field at fault. */
export class InvalidCapError extends Error {
  override name = 'InvalidCapError';
}

// ---------------------------------------------------------------------------------------------
// Child Rescue Alert defaults

/** The SAME event code for a child abduction emergency, which broadcasters key on. */
export const SAME_CHILD_ABDUCTION: CapValuePair = { valueName: 'SAME', value: 'CAE' };

type ChildRescueDefaults = 'categories' | 'event' | 'urgency' | 'severity' | 'certainty' | 'eventCodes';
export type ChildRescueInfoInput = Omit<CapInfo, ChildRescueDefaults> & Partial<Pick<CapInfo, ChildRescueDefaults>>;

/** An info block with the Child Rescue Alert defaults: Rescue, "Child Abduction", Immediate/Severe/Likely, SAME CAE. */
export function childRescueInfo(fields: ChildRescueInfoInput): CapInfo {
  return {
    categories: ['Rescue'],
    event: 'Child Abduction',
    urgency: 'Immediate',
    severity: 'Severe',
    certainty: 'Likely',
    eventCodes: [SAME_CHILD_ABDUCTION],
    ...fields,
  };
}

// ---------------------------------------------------------------------------------------------
// Small formatting helpers

/**
 * A time as CAP writes it: whole seconds, UTC as "-00:00" (CAP forbids "Z" and fractions).
 * Milliseconds are dropped, so store the sent time truncated to the second: references to this
 * message must repeat this exact text.
 */
export function capSent(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new InvalidCapError('CAP time: invalid date');
  const iso = date.toISOString();
  if (!/^\d{4}-/.test(iso)) throw new InvalidCapError(`CAP time: year out of range in ${iso}`);
  return `${iso.slice(0, 19)}-00:00`;
}

/** The SHA-1 digest CAP asks for in a resource's <digest>, as lower-case hex. */
export function capDigest(content: Uint8Array): string {
  return createHash('sha1').update(content).digest('hex');
}

/** The extended identifier of a message, as it appears in a later message's <references>. */
export function capReferenceOf(message: Pick<CapMessage, 'sender' | 'identifier' | 'sent'>): CapReference {
  return { sender: message.sender, identifier: message.identifier, sent: new Date(capSent(message.sent)) };
}

/**
 * The outer rings of a GeoJSON Polygon or MultiPolygon as CAP polygons. CAP polygons cannot have
 * holes, so a polygon with one is refused rather than silently widened.
 */
export function polygonsFromGeoJson(geometry: Polygon | MultiPolygon): LonLat[][] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings, index) => {
    if (rings.length !== 1) throw new InvalidCapError(`GeoJSON polygon ${index}: CAP polygons cannot have holes`);
    return (rings[0] ?? []).map((position): LonLat => [position[0] ?? NaN, position[1] ?? NaN]);
  });
}

// ---------------------------------------------------------------------------------------------
// Validation (shared by capToXml and parseCapXml, so whatever we read back is as valid as what we write)

// XML 1.0 Char production; anything else (most control characters, lone surrogates) cannot be written.
const INVALID_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// CAP 1.2: identifier and sender "MUST NOT include spaces, commas or restricted characters (< and &)".
const FORBIDDEN_IN_IDENTIFIER = /[\s,<&]/;
// xs:language
const LANGUAGE_TAG = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;
const SHA1_HEX = /^[0-9a-fA-F]{40}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fail(where: string, problem: string): never {
  throw new InvalidCapError(`CAP ${where}: ${problem}`);
}

function checkText(value: unknown, where: string, options: { required?: boolean } = {}): void {
  if (typeof value !== 'string') fail(where, 'must be text');
  if (options.required && value.trim() === '') fail(where, 'is required');
  const bad = INVALID_XML_CHARACTER.exec(value);
  if (bad)
    fail(where, `contains a character XML cannot carry (U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`);
}

function checkOptionalText(value: unknown, where: string): void {
  if (value !== undefined) checkText(value, where);
}

function checkIdentifierLike(value: unknown, where: string): void {
  checkText(value, where, { required: true });
  if (FORBIDDEN_IN_IDENTIFIER.test(value as string)) fail(where, `must not contain spaces, commas, '<' or '&': ${JSON.stringify(value)}`);
}

function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): void {
  if (!allowed.includes(value as T)) fail(where, `must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
}

function checkDate(value: unknown, where: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail(where, 'must be a valid Date');
  const year = value.getUTCFullYear();
  if (year < 0 || year > 9999) fail(where, 'year must be between 0000 and 9999');
}

function checkOptionalDate(value: unknown, where: string): void {
  if (value !== undefined) checkDate(value, where);
}

function checkAbsoluteUri(value: unknown, where: string): void {
  checkText(value, where, { required: true });
  if (/\s/.test(value as string) || !URL.canParse(value as string)) fail(where, `must be an absolute URI: ${JSON.stringify(value)}`);
}

function checkValuePairs(pairs: unknown, where: string): void {
  if (pairs === undefined) return;
  if (!Array.isArray(pairs)) fail(where, 'must be a list');
  pairs.forEach((pair: CapValuePair, index) => {
    checkText(pair.valueName, `${where}[${index}].valueName`, { required: true });
    checkText(pair.value, `${where}[${index}].value`);
  });
}

// Items of a space-separated CAP list (addresses, incidents, codes) must survive the separator.
function checkListItems(items: unknown, where: string, options: { quotable: boolean }): void {
  if (items === undefined) return;
  if (!Array.isArray(items)) fail(where, 'must be a list');
  items.forEach((item: unknown, index) => {
    checkText(item, `${where}[${index}]`, { required: true });
    if (options.quotable ? (item as string).includes('"') : /\s/.test(item as string)) {
      fail(`${where}[${index}]`, options.quotable ? 'must not contain a double quote' : 'must not contain spaces');
    }
  });
}

function checkPosition(position: unknown, where: string): void {
  if (!Array.isArray(position) || position.length !== 2) fail(where, 'must be a [longitude, latitude] pair');
  const [lon, lat] = position as number[];
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) fail(where, `longitude out of range: ${lon}`);
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) fail(where, `latitude out of range: ${lat}`);
}

function checkPolygon(ring: unknown, where: string): void {
  if (!Array.isArray(ring) || ring.length < 4) fail(where, 'a polygon needs at least 4 positions (the first repeated as the last)');
  ring.forEach((position, index) => checkPosition(position, `${where}[${index}]`));
  const first = ring[0] as LonLat;
  const last = ring[ring.length - 1] as LonLat;
  if (first[0] !== last[0] || first[1] !== last[1]) fail(where, 'a polygon must be closed: its first and last positions must be the same');
}

function checkArea(area: CapArea, where: string): void {
  checkText(area.areaDesc, `${where}.areaDesc`, { required: true });
  (area.polygons ?? []).forEach((ring, index) => checkPolygon(ring, `${where}.polygons[${index}]`));
  (area.circles ?? []).forEach((circle, index) => {
    checkPosition(circle.center, `${where}.circles[${index}].center`);
    if (typeof circle.radiusKm !== 'number' || !Number.isFinite(circle.radiusKm) || circle.radiusKm <= 0) {
      fail(`${where}.circles[${index}].radiusKm`, `must be a positive number of kilometres: ${circle.radiusKm}`);
    }
  });
  checkValuePairs(area.geocodes, `${where}.geocodes`);
  for (const field of ['altitude', 'ceiling'] as const) {
    const value = area[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
      fail(`${where}.${field}`, 'must be a number of feet');
  }
  if (area.ceiling !== undefined && area.altitude === undefined) fail(`${where}.ceiling`, 'may only be given with altitude');
}

function checkResource(resource: CapResource, where: string): void {
  checkText(resource.resourceDesc, `${where}.resourceDesc`, { required: true });
  checkText(resource.mimeType, `${where}.mimeType`, { required: true });
  if (resource.size !== undefined && (!Number.isSafeInteger(resource.size) || resource.size < 0)) {
    fail(`${where}.size`, `must be a whole number of bytes: ${resource.size}`);
  }
  if (resource.derefUri !== undefined) {
    checkText(resource.derefUri, `${where}.derefUri`, { required: true });
    if (!BASE64.test(resource.derefUri)) fail(`${where}.derefUri`, 'must be base64');
    // With the content inline, uri may be a relative name for it.
    if (resource.uri !== undefined) checkText(resource.uri, `${where}.uri`, { required: true });
  } else if (resource.uri !== undefined) {
    checkAbsoluteUri(resource.uri, `${where}.uri`);
  }
  if (resource.digest !== undefined && !SHA1_HEX.test(resource.digest)) {
    fail(`${where}.digest`, 'must be a SHA-1 digest as 40 hex digits');
  }
}

function checkInfo(info: CapInfo, where: string): void {
  checkText(info.language, `${where}.language`, { required: true });
  if (!LANGUAGE_TAG.test(info.language)) fail(`${where}.language`, `not a language tag: ${JSON.stringify(info.language)}`);
  if (!Array.isArray(info.categories) || info.categories.length === 0) fail(`${where}.categories`, 'at least one category is required');
  info.categories.forEach((category, index) => checkOneOf(category, CAP_CATEGORIES, `${where}.categories[${index}]`));
  checkText(info.event, `${where}.event`, { required: true });
  (info.responseTypes ?? []).forEach((type, index) => checkOneOf(type, CAP_RESPONSE_TYPES, `${where}.responseTypes[${index}]`));
  checkOneOf(info.urgency, CAP_URGENCIES, `${where}.urgency`);
  checkOneOf(info.severity, CAP_SEVERITIES, `${where}.severity`);
  checkOneOf(info.certainty, CAP_CERTAINTIES, `${where}.certainty`);
  checkOptionalText(info.audience, `${where}.audience`);
  checkValuePairs(info.eventCodes, `${where}.eventCodes`);
  checkOptionalDate(info.effective, `${where}.effective`);
  checkOptionalDate(info.onset, `${where}.onset`);
  checkOptionalDate(info.expires, `${where}.expires`);
  for (const field of ['senderName', 'headline', 'description', 'instruction', 'contact'] as const) {
    checkOptionalText(info[field], `${where}.${field}`);
  }
  if (info.web !== undefined) checkAbsoluteUri(info.web, `${where}.web`);
  checkValuePairs(info.parameters, `${where}.parameters`);
  (info.resources ?? []).forEach((resource, index) => checkResource(resource, `${where}.resources[${index}]`));
  (info.areas ?? []).forEach((area, index) => checkArea(area, `${where}.areas[${index}]`));
}

/** Throws InvalidCapError, naming the field, for anything CAP 1.2 does not allow. */
export function validateCapMessage(message: CapMessage): void {
  checkIdentifierLike(message.identifier, 'identifier');
  checkIdentifierLike(message.sender, 'sender');
  checkDate(message.sent, 'sent');
  checkOneOf(message.status, CAP_STATUSES, 'status');
  checkOneOf(message.msgType, CAP_MSG_TYPES, 'msgType');
  checkOptionalText(message.source, 'source');
  checkOneOf(message.scope, CAP_SCOPES, 'scope');
  checkOptionalText(message.restriction, 'restriction');
  if (message.scope === 'Restricted' && !message.restriction?.trim()) fail('restriction', "is required when scope is 'Restricted'");
  checkListItems(message.addresses, 'addresses', { quotable: true });
  if (message.scope === 'Private' && !message.addresses?.length) fail('addresses', "are required when scope is 'Private'");
  (message.codes ?? []).forEach((code, index) => checkText(code, `codes[${index}]`, { required: true }));
  checkOptionalText(message.note, 'note');
  (message.references ?? []).forEach((reference, index) => {
    checkIdentifierLike(reference.sender, `references[${index}].sender`);
    checkIdentifierLike(reference.identifier, `references[${index}].identifier`);
    checkDate(reference.sent, `references[${index}].sent`);
  });
  if (message.msgType !== 'Alert' && !message.references?.length) {
    fail('references', `a ${message.msgType} must reference the message(s) it acts on`);
  }
  checkListItems(message.incidents, 'incidents', { quotable: true });
  if (!Array.isArray(message.info)) fail('info', 'must be a list (it may be empty)');
  message.info.forEach((info, index) => checkInfo(info, `info[${index}]`));
}

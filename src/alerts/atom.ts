// The Atom 1.0 (RFC 4287) index of current alert messages: what aggregators, broadcasters and social
// media tools poll. Each entry points both to its public appeal page and to its CAP 1.2 message.
// Pure: builds text, no I/O.
import { create } from 'xmlbuilder2';
import { CAP_MIME_TYPE } from './cap-message.ts';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
export const ATOM_MIME_TYPE = 'application/atom+xml';
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

export interface AtomPerson {
  name: string;
  uri?: string;
  email?: string;
}

export interface AtomEntry {
  /** A permanent, absolute IRI, e.g. 'urn:uuid:…' or the CAP message's URL; never reused. */
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  summary?: string;
  /** The public appeal page (text/html). */
  link: string;
  /** The CAP 1.2 message, linked as application/cap+xml. */
  capUrl: string;
  /** An Atom category term, e.g. the CAP msgType or 'Child Rescue Alert'. */
  category?: string;
  /** BCP 47 tag of the entry's text when it differs from the feed's (written as xml:lang). */
  language?: string;
}

export interface AtomFeedInput {
  /** A permanent, absolute IRI for the feed. */
  id: string;
  title: string;
  subtitle?: string;
  /** Where this feed is served (rel="self"). */
  selfUrl: string;
  /** The human page the feed mirrors, e.g. the public alerts page. */
  htmlUrl?: string;
  updated: Date;
  /** RFC 4287 requires an author on the feed unless every entry has one; ours are on the feed. */
  author: AtomPerson;
  /** BCP 47 tag of the feed's text (written as xml:lang). */
  language?: string;
  entries: AtomEntry[];
}

const INVALID_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const LANGUAGE_TAG = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

function fail(where: string, problem: string): never {
  throw new Error(`Atom ${where}: ${problem}`);
}

function checkText(value: string | undefined, where: string, options: { required?: boolean } = {}): void {
  if (value === undefined) {
    if (options.required) fail(where, 'is required');
    return;
  }
  if (typeof value !== 'string') fail(where, 'must be text');
  if (options.required && value.trim() === '') fail(where, 'is required');
  if (INVALID_XML_CHARACTER.test(value)) fail(where, 'contains a character XML cannot carry');
}

function checkIri(value: string | undefined, where: string, options: { required?: boolean } = {}): void {
  checkText(value, where, options);
  if (value !== undefined && (/\s/.test(value) || !URL.canParse(value))) fail(where, `must be an absolute IRI: ${JSON.stringify(value)}`);
}

function checkDate(value: Date | undefined, where: string, options: { required?: boolean } = {}): void {
  if (value === undefined) {
    if (options.required) fail(where, 'is required');
    return;
  }
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail(where, 'must be a valid Date');
}

function checkLanguage(value: string | undefined, where: string): void {
  if (value !== undefined && !LANGUAGE_TAG.test(value)) fail(where, `not a language tag: ${JSON.stringify(value)}`);
}

function checkFeed(feed: AtomFeedInput): void {
  checkIri(feed.id, 'feed id', { required: true });
  checkText(feed.title, 'feed title', { required: true });
  checkText(feed.subtitle, 'feed subtitle');
  checkIri(feed.selfUrl, 'feed selfUrl', { required: true });
  checkIri(feed.htmlUrl, 'feed htmlUrl');
  checkDate(feed.updated, 'feed updated', { required: true });
  checkText(feed.author.name, 'feed author name', { required: true });
  checkIri(feed.author.uri, 'feed author uri');
  checkText(feed.author.email, 'feed author email');
  checkLanguage(feed.language, 'feed language');
  const ids = new Set<string>();
  feed.entries.forEach((entry, index) => {
    const where = `entries[${index}]`;
    checkIri(entry.id, `${where}.id`, { required: true });
    if (ids.has(entry.id)) fail(`${where}.id`, `repeats the id of an earlier entry: ${entry.id}`);
    ids.add(entry.id);
    checkText(entry.title, `${where}.title`, { required: true });
    checkDate(entry.updated, `${where}.updated`, { required: true });
    checkDate(entry.published, `${where}.published`);
    checkText(entry.summary, `${where}.summary`);
    checkIri(entry.link, `${where}.link`, { required: true });
    checkIri(entry.capUrl, `${where}.capUrl`, { required: true });
    checkText(entry.category, `${where}.category`);
    checkLanguage(entry.language, `${where}.language`);
  });
}

// RFC 3339, which toISOString already is.
function atomDate(date: Date): string {
  return date.toISOString();
}

// XML readers turn CR and CRLF into LF, so write LF.
function xmlText(value: string): string {
  return value.replace(/\r\n?/g, '\n');
}

/** The Atom feed document. Throws for a missing or malformed field, naming it. */
export function atomFeed(feed: AtomFeedInput): string {
  checkFeed(feed);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(ATOM_NAMESPACE, 'feed');
  if (feed.language) root.att(XML_NAMESPACE, 'xml:lang', feed.language);
  root.ele('id').txt(feed.id);
  root.ele('title').txt(xmlText(feed.title));
  if (feed.subtitle !== undefined) root.ele('subtitle').txt(xmlText(feed.subtitle));
  root.ele('updated').txt(atomDate(feed.updated));
  root.ele('link', { rel: 'self', type: ATOM_MIME_TYPE, href: feed.selfUrl });
  if (feed.htmlUrl) root.ele('link', { rel: 'alternate', type: 'text/html', href: feed.htmlUrl });
  const author = root.ele('author');
  author.ele('name').txt(xmlText(feed.author.name));
  if (feed.author.uri) author.ele('uri').txt(feed.author.uri);
  if (feed.author.email) author.ele('email').txt(feed.author.email);

  for (const entry of feed.entries) {
    const element = root.ele('entry');
    if (entry.language) element.att(XML_NAMESPACE, 'xml:lang', entry.language);
    element.ele('id').txt(entry.id);
    element.ele('title').txt(xmlText(entry.title));
    element.ele('updated').txt(atomDate(entry.updated));
    if (entry.published) element.ele('published').txt(atomDate(entry.published));
    // Two alternates are allowed because their types differ (RFC 4287 4.2.7.2).
    element.ele('link', { rel: 'alternate', type: 'text/html', href: entry.link });
    element.ele('link', { rel: 'alternate', type: CAP_MIME_TYPE, href: entry.capUrl });
    if (entry.category !== undefined) element.ele('category', { term: entry.category });
    if (entry.summary !== undefined) element.ele('summary', { type: 'text' }).txt(xmlText(entry.summary));
  }
  return root.end({ prettyPrint: true });
}

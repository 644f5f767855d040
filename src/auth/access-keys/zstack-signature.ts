import { DateTime, FixedOffsetZone, IANAZone, Zone } from 'luxon';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The scheme of a signed request: `Authorization: ZStack <accessKeyId>:<signature>`. */
export const SIGNATURE_SCHEME = 'ZStack ';

/** How far the Date of a signed request may be from the server's clock, either way. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

/** The wall time of a Date header; the zone id follows it after one space. */
const WALL_TIME_FORMAT = 'EEE, dd MMM yyyy HH:mm:ss';

/** The API's own prefix: the signed path starts at its `/v1`. */
const API_PREFIX = '/zstack/v1';

/** Java's offset ids: `+08:00`, `+0800`, `+08`, and those after UTC, GMT or UT (`UTC+08:00`). */
const OFFSET_ZONE = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** Java's ids for UTC itself that are not IANA ids. */
const UTC_IDS = new Set(['Z', 'UT']);

export interface Credentials {
  accessKeyId: string;
  signature: string;
}

/** The id and the signature of a `ZStack <accessKeyId>:<signature>` header; undefined if malformed. */
export function parseAuthorization(header: string): Credentials | undefined {
  if (!header.startsWith(SIGNATURE_SCHEME)) {
    return undefined;
  }

  const credentials = header.slice(SIGNATURE_SCHEME.length).trim();
  const colon = credentials.indexOf(':');
  const accessKeyId = credentials.slice(0, colon);
  const signature = credentials.slice(colon + 1);

  if (colon <= 0 || signature === '' || /\s/.test(credentials)) {
    return undefined;
  }

  return { accessKeyId, signature };
}

/**
 * The instant of a Date header as ZStack's SDKs write it: `Thu, 03 Dec 2026
 * 19:20:00 Asia/Shanghai`, the wall time in the zone named after it (an IANA
 * id, UTC, GMT or an offset such as `+08:00`). Parsed with luxon, which also
 * checks that the weekday is the date's. Undefined when it is not that form.
 */
export function parseSignatureDate(text: string): DateTime<true> | undefined {
  const space = text.lastIndexOf(' ');
  const zone = zoneOf(text.slice(space + 1));

  if (space < 0 || zone === undefined) {
    return undefined;
  }

  const parsed = DateTime.fromFormat(text.slice(0, space), WALL_TIME_FORMAT, {
    zone,
    locale: 'en-US',
  });

  return parsed.isValid ? parsed : undefined;
}

function zoneOf(id: string): Zone | undefined {
  if (UTC_IDS.has(id)) {
    return FixedOffsetZone.utcInstance;
  }

  const offset = OFFSET_ZONE.exec(id);

  if (offset) {
    const [, sign, hours, minutes = '0'] = offset;
    const total = Number(hours) * 60 + Number(minutes);

    // Java's offsets stop at 18 hours.
    return total <= 18 * 60 && Number(minutes) < 60
      ? FixedOffsetZone.instance(sign === '-' ? -total : total)
      : undefined;
  }

  return IANAZone.isValidZone(id) ? IANAZone.create(id) : undefined;
}

/**
 * The path a request signs: its path after `/zstack/v1`, prefixed with `/v1`,
 * as sent (path variables filled in, percent-encoding kept) and without the
 * query string. A path outside the API's prefix is signed whole.
 */
export function signedPath(url: string): string {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);

  return path.startsWith(`${API_PREFIX}/`) || path === API_PREFIX
    ? `/v1${path.slice(API_PREFIX.length)}`
    : path;
}

/** What a signature covers: `METHOD\nDate\n/v1<path>`. */
export function stringToSign(method: string, date: string, url: string): string {
  return `${method.toUpperCase()}\n${date}\n${signedPath(url)}`;
}

/** Base64 of HMAC-SHA1 over the string to sign, keyed with the access key secret. */
export function sign(secret: string, text: string): string {
  return createHmac('sha1', secret).update(text, 'utf8').digest('base64');
}

/** Compares a sent signature with the expected one in constant time. */
export function signaturesMatch(sent: string, expected: string): boolean {
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');

  // timingSafeEqual wants equal lengths; the length of a Base64 HMAC-SHA1 is no secret.
  return a.length === b.length && timingSafeEqual(a, b);
}

import { createHmac } from 'node:crypto';

/** An access key of a ZStack account: its id and its secret. */
export interface AccessKey {
  id: string;
  secret: string;
}

const API_PREFIX = '/zstack/v1';

/**
 * The `Date` header of a signed request: `EEE, dd MMM yyyy HH:mm:ss UTC`, in English and UTC.
 * `toUTCString` is specified to give exactly that layout (with `GMT`) whatever the locale.
 */
export function signatureDate(at: Date): string {
  return at.toUTCString().replace(/ GMT$/, ' UTC');
}

/**
 * The path a signature covers: `/v1` and what follows `/zstack/v1` in the request's path, with
 * its path variables filled in and without the query string.
 */
export function signedPath(url: string): string {
  const { pathname } = new URL(url);
  const at = pathname.indexOf(API_PREFIX);

  if (at < 0) {
    throw new Error(`cannot sign ${pathname}: it is not under ${API_PREFIX}`);
  }

  return `/v1${pathname.slice(at + API_PREFIX.length)}`;
}

/** Base64(HMAC-SHA1(secret, METHOD + "\n" + Date + "\n" + path)), as ZStack checks it. */
export function accessKeySignature(
  secret: string,
  method: string,
  date: string,
  path: string,
): string {
  return createHmac('sha1', secret)
    .update(`${method.toUpperCase()}\n${date}\n${path}`)
    .digest('base64');
}

/** The headers that sign one request with an access key: `Authorization` and `Date`. */
export function accessKeyHeaders(
  key: AccessKey,
  method: string,
  url: string,
  at = new Date(),
): { Authorization: string; Date: string } {
  const date = signatureDate(at);
  const signature = accessKeySignature(key.secret, method, date, signedPath(url));

  return { Authorization: `ZStack ${key.id}:${signature}`, Date: date };
}

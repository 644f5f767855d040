/** ZStack's form: 32 hex characters; the dashed 36-character form and upper case are accepted. */
const ZSTACK_UUID =
  /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function isZStackUuid(value: unknown): value is string {
  return typeof value === 'string' && ZSTACK_UUID.test(value);
}

/** The canonical form of an accepted uuid: 32 lowercase hex characters, no dashes. */
export function canonicalUuid(value: string): string {
  return value.replaceAll('-', '').toLowerCase();
}

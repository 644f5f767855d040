import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';
import { canonicalUuid, isZStackUuid } from '../common/uuid';

/** An asked VM: its canonical uuid, and the form the caller sent, which keys the answer. */
export interface AskedVm {
  asSent: string;
  uuid: string;
}

/**
 * Checks the asked uuids and collapses duplicates to the first form sent
 * (`ABC...` and `abc...` are the same VM). The limit counts uuids as sent.
 * Errors name the position of a bad uuid, never its value.
 */
export function toAskedVms(vmUuids: readonly unknown[], limit: number): AskedVm[] {
  if (vmUuids.length === 0) {
    throw invalid('vmUuids must contain at least one uuid');
  }

  if (vmUuids.length > limit) {
    throw invalid(`vmUuids has ${vmUuids.length} entries; at most ${limit} are allowed`);
  }

  const asked = new Map<string, AskedVm>();

  vmUuids.forEach((value, index) => {
    const uuid = canonicalOrUndefined(value);

    if (uuid === undefined) {
      throw invalid(`vmUuids[${index}] is not a uuid of 32 hex characters`);
    }

    if (!asked.has(uuid)) {
      asked.set(uuid, { asSent: value as string, uuid });
    }
  });

  return [...asked.values()];
}

/** The form ZStack itself sends, and so nearly every uuid asked. */
const CANONICAL_UUID = /^[0-9a-f]{32}$/;

/** A uuid already in canonical form is taken as it is, without copying it twice. */
function canonicalOrUndefined(value: unknown): string | undefined {
  if (typeof value === 'string' && CANONICAL_UUID.test(value)) {
    return value;
  }

  return isZStackUuid(value) ? canonicalUuid(value) : undefined;
}

function invalid(details: string): ZStackException {
  return new ZStackException(ErrorCode.InvalidArgument, details);
}

/**
 * A list field of a GET query, in ZStack 5.x's forms: repeated `name=A&name=B`,
 * indexed `name.0=A&name.1=B` (in index order), or both, the repeated first.
 */
export function listFromQuery(query: Readonly<Record<string, unknown>>, name: string): unknown[] {
  const repeated = query[name] === undefined ? [] : [query[name]].flat();
  const prefix = `${name}.`;
  const indexed = Object.entries(query)
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, value]) => ({ index: /^\d{1,6}$/.exec(key.slice(prefix.length))?.[0], value }))
    .filter((entry) => entry.index !== undefined)
    .sort((a, b) => Number(a.index) - Number(b.index))
    .flatMap((entry) => [entry.value].flat());

  return [...repeated, ...indexed];
}

/** The uuids of a GET query: `vmUuids`, repeated or indexed. */
export function vmUuidsFromQuery(query: Readonly<Record<string, unknown>>): unknown[] {
  return listFromQuery(query, 'vmUuids');
}

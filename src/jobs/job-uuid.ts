import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';
import { canonicalUuid, isZStackUuid } from '../common/uuid';

/** The header with which ZStack's SDKs ask for a call to be answered as a job. */
export const JOB_UUID_HEADER = 'x-job-uuid';

/** A job uuid as the caller sent it, and in its canonical form. */
export interface JobUuid {
  asSent: string;
  canonical: string;
}

/**
 * The job uuid of a request, from its X-Job-UUID header; undefined when the
 * header is absent. Node joins several such headers into one value, which is
 * then not a uuid: the caller is told, as for any other malformed value.
 */
export function jobUuidOf(header: string | string[] | undefined): JobUuid | undefined {
  if (header === undefined) {
    return undefined;
  }

  if (!isZStackUuid(header)) {
    throw new ZStackException(
      ErrorCode.InvalidArgument,
      'the X-Job-UUID header is not a uuid of 32 hex characters',
    );
  }

  return { asSent: header, canonical: canonicalUuid(header) };
}

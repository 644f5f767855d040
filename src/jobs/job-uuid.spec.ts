import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';

import { jobUuidOf } from './job-uuid';

const UUID = '5d3ab2c1e8f04b7a9c6d2e1f0a9b8c7d';
const DASHED = '5D3AB2C1-E8F0-4B7A-9C6D-2E1F0A9B8C7D';

/** What the call throws, or undefined. */
function captured(call: () => unknown): unknown {
  try {
    call();

    return undefined;
  } catch (error) {
    return error;
  }
}

describe('jobUuidOf', () => {
  it('answers undefined when the header is absent: the call is answered at once', () => {
    expect(jobUuidOf(undefined)).toBeUndefined();
  });

  it('takes ZStack form as it is', () => {
    expect(jobUuidOf(UUID)).toEqual({ asSent: UUID, canonical: UUID });
  });

  it('takes the dashed and upper-case form, keeping it as sent beside the canonical form', () => {
    expect(jobUuidOf(DASHED)).toEqual({ asSent: DASHED, canonical: UUID });
  });

  it.each([
    ['empty', ''],
    ['not hex', 'z'.repeat(32)],
    ['too long', `${UUID}0`],
    ['padded', ` ${UUID}`],
    ['two headers joined', `${UUID}, ${UUID}`],
    ['a list', [UUID, UUID]],
  ])('refuses a header that is %s with SYS.1007, without echoing it', (_, header) => {
    const refusal = captured(() => jobUuidOf(header));

    expect(refusal).toBeInstanceOf(ZStackException);
    expect(refusal).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
    expect((refusal as ZStackException).details).not.toContain(UUID);
  });
});

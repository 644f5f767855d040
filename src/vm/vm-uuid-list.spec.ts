import { parse } from 'node:querystring';

import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';

import { toAskedVms, vmUuidsFromQuery } from './vm-uuid-list';

const FIRST = '68e8ed0735333faab95816b3e8596cea';
const SECOND = '36c27e8ff05c4780bf6d2fa65700f22e';
const THIRD = '0123456789abcdef0123456789abcdef';
const FIRST_DASHED = '68e8ed07-3533-3faa-b958-16b3e8596cea';
const LIMIT = 1000;

/** Runs `action` and returns the ZStackException it throws; fails the test when it throws nothing. */
function rejectionOf(action: () => unknown): ZStackException {
  try {
    action();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(ZStackException);

    return error as ZStackException;
  }

  throw new Error('expected a ZStackException, but nothing was thrown');
}

describe('toAskedVms', () => {
  const sut = toAskedVms;

  describe('the number of uuids', () => {
    it('rejects an empty list with SYS.1007 and status 503', () => {
      const error = rejectionOf(() => sut([], LIMIT));

      expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
      expect(error.details).toContain('vmUuids');
    });

    it('rejects a list over the limit with SYS.1007 and status 503', () => {
      const error = rejectionOf(() => sut([FIRST, SECOND, THIRD], 2));

      expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
      expect(error.details).toContain('vmUuids');
      expect(error.details).not.toContain(FIRST);
    });

    it('counts the uuids as sent, so duplicates over the limit are rejected', () => {
      const error = rejectionOf(() => sut([FIRST, FIRST, FIRST.toUpperCase()], 2));

      expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
    });

    it('accepts a list of exactly the limit', () => {
      expect(sut([FIRST, SECOND, THIRD], 3)).toHaveLength(3);
    });

    it('accepts duplicates that reach but do not pass the limit', () => {
      expect(sut([FIRST, FIRST, FIRST], 3)).toEqual([{ asSent: FIRST, uuid: FIRST }]);
    });

    it('accepts the default limit of 1,000 uuids', () => {
      const uuids = Array.from({ length: LIMIT }, (_, index) =>
        index.toString(16).padStart(32, '0'),
      );

      expect(sut(uuids, LIMIT)).toHaveLength(LIMIT);
    });

    it('rejects 1,001 uuids under the default limit', () => {
      const uuids = Array.from({ length: LIMIT + 1 }, () => FIRST);

      expect(rejectionOf(() => sut(uuids, LIMIT)).code).toBe(ErrorCode.InvalidArgument);
    });
  });

  describe('the form of each uuid', () => {
    it('accepts the ZStack form: 32 lowercase hex characters', () => {
      expect(sut([FIRST], LIMIT)).toEqual([{ asSent: FIRST, uuid: FIRST }]);
    });

    it('accepts the dashed 36-character form, keyed as sent', () => {
      expect(sut([FIRST_DASHED], LIMIT)).toEqual([{ asSent: FIRST_DASHED, uuid: FIRST }]);
    });

    it('accepts upper case, keyed as sent', () => {
      const upper = FIRST.toUpperCase();

      expect(sut([upper], LIMIT)).toEqual([{ asSent: upper, uuid: FIRST }]);
    });

    it('accepts the dashed form in upper case', () => {
      const upperDashed = FIRST_DASHED.toUpperCase();

      expect(sut([upperDashed], LIMIT)).toEqual([{ asSent: upperDashed, uuid: FIRST }]);
    });

    it.each([
      ['31 characters', FIRST.slice(0, 31)],
      ['33 characters', `${FIRST}a`],
      ['a non-hex character', `g${FIRST.slice(1)}`],
      ['a non-ASCII character', `${FIRST.slice(0, 31)}é`],
      ['dashes in the wrong places', '68e8ed0-735333-faa-b958-16b3e8596cea'],
      ['one dash missing', '68e8ed073533-3faa-b958-16b3e8596cea'],
      ['dashes added to 32 characters', `${FIRST_DASHED}-`],
      ['braces around the dashed form', `{${FIRST_DASHED}}`],
      ['a leading space', ` ${FIRST}`],
      ['a trailing space', `${FIRST} `],
      ['a space inside', `${FIRST.slice(0, 16)} ${FIRST.slice(16)}`],
      ['a trailing newline', `${FIRST}\n`],
      ['SQL', "' OR '1'='1'; DROP TABLE vm_instance; --"],
      ['SQL after a valid uuid', `${FIRST}' OR '1'='1`],
      ['path characters', '../../../../etc/passwd'],
      ['path characters after a valid uuid', `${FIRST}/../x`],
      ['a percent-encoded value', `%2e%2e%2f${FIRST.slice(9)}`],
    ])('rejects a uuid with %s with SYS.1007, naming its position', (_, bad) => {
      const error = rejectionOf(() => sut([FIRST, SECOND, bad], LIMIT));

      expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
      expect(error.details).toContain('vmUuids[2]');
      expect(error.details).not.toContain(bad);
      expect(error.message).not.toContain(bad);
    });

    it('rejects an empty string with SYS.1007, naming its position', () => {
      const error = rejectionOf(() => sut([FIRST, SECOND, ''], LIMIT));

      expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
      expect(error.details).toContain('vmUuids[2]');
    });

    it.each([
      ['a number', 1234567890],
      ['null', null],
      ['undefined', undefined],
      ['a boolean', true],
      ['an object', { uuid: FIRST }],
      ['a nested list', [FIRST]],
    ])('rejects %s in the list with SYS.1007, naming its position', (_, bad) => {
      const error = rejectionOf(() => sut([FIRST, SECOND, bad], LIMIT));

      expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
      expect(error.details).toContain('vmUuids[2]');
      expect(error.details).not.toContain('1234567890');
      expect(error.details).not.toContain(FIRST);
    });

    it('names the first bad position when several entries are bad', () => {
      const error = rejectionOf(() => sut([FIRST, 'not-a-uuid', 42], LIMIT));

      expect(error.details).toContain('vmUuids[1]');
    });
  });

  describe('duplicates and order', () => {
    it('keeps the order the uuids were sent in', () => {
      expect(sut([THIRD, FIRST, SECOND], LIMIT).map((vm) => vm.asSent)).toEqual([
        THIRD,
        FIRST,
        SECOND,
      ]);
    });

    it('collapses a repeated uuid into one entry', () => {
      expect(sut([FIRST, SECOND, FIRST], LIMIT)).toEqual([
        { asSent: FIRST, uuid: FIRST },
        { asSent: SECOND, uuid: SECOND },
      ]);
    });

    it('collapses case variants of one uuid into the first form sent', () => {
      const upper = FIRST.toUpperCase();

      expect(sut([upper, SECOND, FIRST], LIMIT)).toEqual([
        { asSent: upper, uuid: FIRST },
        { asSent: SECOND, uuid: SECOND },
      ]);
    });

    it('collapses dashed and undashed variants of one uuid into the first form sent', () => {
      const upperDashed = FIRST_DASHED.toUpperCase();

      expect(sut([FIRST_DASHED, FIRST, upperDashed, FIRST.toUpperCase()], LIMIT)).toEqual([
        { asSent: FIRST_DASHED, uuid: FIRST },
      ]);
    });

    it('still rejects a bad uuid that follows a duplicate', () => {
      const error = rejectionOf(() => sut([FIRST, FIRST, 'zz'], LIMIT));

      expect(error.details).toContain('vmUuids[2]');
    });
  });
});

describe('vmUuidsFromQuery', () => {
  const sut = vmUuidsFromQuery;

  it('reads a repeated key, which the query parser gives as a list', () => {
    expect(sut({ vmUuids: [FIRST, SECOND] })).toEqual([FIRST, SECOND]);
  });

  it('reads a single key, which the query parser gives as a string', () => {
    expect(sut({ vmUuids: FIRST })).toEqual([FIRST]);
  });

  it('reads indexed keys in numeric, not lexical, order', () => {
    const query = { 'vmUuids.10': THIRD, 'vmUuids.2': SECOND, 'vmUuids.0': FIRST };

    expect(sut(query)).toEqual([FIRST, SECOND, THIRD]);
  });

  it('accepts indexes of up to six digits', () => {
    expect(sut({ 'vmUuids.123456': SECOND, 'vmUuids.99999': FIRST })).toEqual([FIRST, SECOND]);
  });

  it('reads both forms together: the repeated key first, then the indexed keys', () => {
    const query = { 'vmUuids.1': THIRD, vmUuids: [FIRST, SECOND], 'vmUuids.0': FIRST_DASHED };

    expect(sut(query)).toEqual([FIRST, SECOND, FIRST_DASHED, THIRD]);
  });

  it('keeps every value of an indexed key that is repeated', () => {
    expect(sut({ 'vmUuids.1': THIRD, 'vmUuids.0': [FIRST, SECOND] })).toEqual([
      FIRST,
      SECOND,
      THIRD,
    ]);
  });

  it('reads the query as the service parses it', () => {
    const query = parse(`vmUuids.1=${THIRD}&vmUuids=${FIRST}&vmUuids.0=${SECOND}&other=1`);

    expect(sut(query)).toEqual([FIRST, SECOND, THIRD]);
  });

  it.each([
    ['vmUuids.x'],
    ['vmUuids.'],
    ['vmUuidsX'],
    ['vmUuids.1234567'],
    ['vmUuids.-1'],
    ['vmUuids.1.0'],
    ['vmUuids[0]'],
    ['xvmUuids.0'],
    ['vmuuids'],
    ['VMUUIDS.0'],
  ])('ignores the look-alike key %s', (key) => {
    expect(sut({ [key]: FIRST })).toEqual([]);
  });

  it('ignores look-alike keys next to real ones', () => {
    const query = { 'vmUuids.x': THIRD, vmUuidsX: THIRD, 'vmUuids.0': SECOND, vmUuids: FIRST };

    expect(sut(query)).toEqual([FIRST, SECOND]);
  });

  it('answers an empty list when no key names the uuids', () => {
    expect(sut({})).toEqual([]);
    expect(sut({ other: FIRST })).toEqual([]);
  });

  it('passes values that are not strings on, for toAskedVms to reject', () => {
    const value = { nested: FIRST };

    expect(sut({ vmUuids: value })).toEqual([value]);
  });
});

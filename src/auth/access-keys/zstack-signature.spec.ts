import {
  parseAuthorization,
  parseSignatureDate,
  sign,
  signaturesMatch,
  signedPath,
  stringToSign,
} from './zstack-signature';

describe('parseSignatureDate', () => {
  const sut = parseSignatureDate;
  const utc = (text: string) => sut(text)?.toUTC().toISO();

  it.each([
    ['Thu, 03 Dec 2026 19:20:00 UTC', '2026-12-03T19:20:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 GMT', '2026-12-03T19:20:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 Z', '2026-12-03T19:20:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 Asia/Shanghai', '2026-12-03T11:20:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 America/New_York', '2026-12-04T00:20:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 +08:00', '2026-12-03T11:20:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 -05:30', '2026-12-04T00:50:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 +0800', '2026-12-03T11:20:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 +08', '2026-12-03T11:20:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 UTC+08:00', '2026-12-03T11:20:00.000Z'],
    ['Thu, 03 Dec 2026 19:20:00 GMT-03:00', '2026-12-03T22:20:00.000Z'],
  ])('reads %s as the wall time in its zone', (text, instant) => {
    expect(utc(text)).toBe(instant);
  });

  it('reads the wall time of a summer date in a zone with daylight saving', () => {
    expect(utc('Fri, 03 Jul 2026 12:00:00 Europe/Paris')).toBe('2026-07-03T10:00:00.000Z');
  });

  it.each([
    ['no zone', 'Thu, 03 Dec 2026 19:20:00'],
    ['an unknown zone', 'Thu, 03 Dec 2026 19:20:00 Mars/Olympus'],
    ['an offset past 18 hours', 'Thu, 03 Dec 2026 19:20:00 +19:00'],
    ['the wrong weekday', 'Fri, 03 Dec 2026 19:20:00 UTC'],
    ['a one-digit day', 'Thu, 3 Dec 2026 19:20:00 UTC'],
    ['ISO 8601', '2026-12-03T19:20:00Z'],
    ['an impossible date', 'Mon, 31 Feb 2026 19:20:00 UTC'],
    ['two zones', 'Thu, 03 Dec 2026 19:20:00 UTC UTC'],
    ['nothing', ''],
  ])('refuses %s', (_case, text) => {
    expect(sut(text)).toBeUndefined();
  });
});

describe('parseAuthorization', () => {
  const sut = parseAuthorization;

  it('splits the id from the signature at the first colon', () => {
    expect(sut('ZStack AKID:c2ln+/bmF0dXJl=')).toEqual({
      accessKeyId: 'AKID',
      signature: 'c2ln+/bmF0dXJl=',
    });
  });

  it.each([
    ['another scheme', 'OAuth AKID:sig'],
    ['the scheme in lower case', 'zstack AKID:sig'],
    ['no colon', 'ZStack AKIDsig'],
    ['no id', 'ZStack :sig'],
    ['no signature', 'ZStack AKID:'],
    ['a space inside', 'ZStack AKID: sig'],
    ['nothing after the scheme', 'ZStack '],
  ])('refuses %s', (_case, header) => {
    expect(sut(header)).toBeUndefined();
  });
});

describe('signedPath', () => {
  const sut = signedPath;

  it.each([
    ['/zstack/v1/vm-instances/capabilities', '/v1/vm-instances/capabilities'],
    ['/zstack/v1/vm-instances/abc/capabilities?x=1&y=2', '/v1/vm-instances/abc/capabilities'],
    ['/zstack/v1/vm-instances/capabilities?vmUuids=a', '/v1/vm-instances/capabilities'],
    ['/zstack/v1', '/v1'],
    ['/zstack/v10/x', '/zstack/v10/x'],
    ['/health/live', '/health/live'],
  ])('signs %s as %s', (url, path) => {
    expect(sut(url)).toBe(path);
  });
});

describe('stringToSign', () => {
  it('joins the method, the Date and the path after /v1 with newlines', () => {
    expect(
      stringToSign(
        'get',
        'Thu, 03 Dec 2026 19:20:00 UTC',
        '/zstack/v1/vm-instances/abc/capabilities?x=1',
      ),
    ).toBe('GET\nThu, 03 Dec 2026 19:20:00 UTC\n/v1/vm-instances/abc/capabilities');
  });
});

describe('sign', () => {
  it('answers Base64 of HMAC-SHA1 (the test vector of RFC 2202)', () => {
    expect(sign('Jefe', 'what do ya want for nothing?')).toBe('7/zfauXrL6LSdBbV8YTfnCWafHk=');
  });
});

describe('signaturesMatch', () => {
  it('matches equal signatures only', () => {
    expect(signaturesMatch('7/zfauXrL6LSdBbV8YTfnCWafHk=', '7/zfauXrL6LSdBbV8YTfnCWafHk=')).toBe(
      true,
    );
    expect(signaturesMatch('8/zfauXrL6LSdBbV8YTfnCWafHk=', '7/zfauXrL6LSdBbV8YTfnCWafHk=')).toBe(
      false,
    );
  });

  it('refuses a signature of another length without throwing', () => {
    expect(signaturesMatch('7/zfauXrL6LSdBbV8YTfnCWafHk', '7/zfauXrL6LSdBbV8YTfnCWafHk=')).toBe(
      false,
    );
    expect(signaturesMatch('', '7/zfauXrL6LSdBbV8YTfnCWafHk=')).toBe(false);
  });
});

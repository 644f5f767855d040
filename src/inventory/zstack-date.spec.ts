import { DateTime } from 'luxon';

import { InvalidZoneError, ZStackDateReader } from './zstack-date';

describe('ZStackDateReader', () => {
  describe('in UTC (the default)', () => {
    const sut = new ZStackDateReader();

    it.each([
      ['Gson on Java 8', 'Jun 7, 2017 9:20:31 PM', '2017-06-07T21:20:31.000Z'],
      ['Gson on Java 9 and later', 'Jun 7, 2017, 9:20:31 PM', '2017-06-07T21:20:31.000Z'],
      ['Gson on Java 20 and later', 'Jun 7, 2017, 9:20:31\u202fPM', '2017-06-07T21:20:31.000Z'],
      ['an hour past midnight', 'Jan 1, 2020 12:05:00 AM', '2020-01-01T00:05:00.000Z'],
      ['an hour past noon', 'Jan 1, 2020 12:05:00 PM', '2020-01-01T12:05:00.000Z'],
      ["Java's four-letter September", 'Sept 3, 2021, 1:02:03 AM', '2021-09-03T01:02:03.000Z'],
      ['ISO 8601 in UTC', '2017-06-07T21:20:31.123Z', '2017-06-07T21:20:31.123Z'],
      ['ISO 8601 with an offset', '2017-06-08T05:20:31+08:00', '2017-06-07T21:20:31.000Z'],
      ['ISO 8601 without a zone', '2017-06-07T21:20:31', '2017-06-07T21:20:31.000Z'],
    ])('reads %s', (_, text, instant) => {
      expect(sut.read(text)).toBe(instant);
    });

    it('reads a number as milliseconds since the epoch', () => {
      expect(sut.read(1496870431000)).toBe('2017-06-07T21:20:31.000Z');
    });

    it.each([
      ['a day that does not exist', 'Feb 30, 2017 9:20:31 PM'],
      ['an hour past 12', 'Jun 7, 2017 13:20:31 PM'],
      ['an unknown month', 'Foo 7, 2017 9:20:31 PM'],
      ['a minute past 59', 'Jun 7, 2017 9:61:31 PM'],
      ['a date without a time', 'Jun 7, 2017'],
      ['words', 'yesterday'],
      ['an empty string', ''],
    ])('refuses %s', (_, text) => {
      expect(() => sut.read(text)).toThrow('is not a date ZStack writes');
    });

    it.each([[true], [{}], [[]]])('refuses %j', (value) => {
      expect(() => sut.read(value)).toThrow('is not a date');
    });
  });

  describe('in another zone', () => {
    it("reads ZStack's zone-less form in that zone", () => {
      const sut = new ZStackDateReader('Asia/Shanghai');

      expect(sut.read('Jun 8, 2017 5:20:31 AM')).toBe('2017-06-07T21:20:31.000Z');
    });

    it('reads ISO 8601 without a zone in that zone, and with an offset as written', () => {
      const sut = new ZStackDateReader('Asia/Shanghai');

      expect(sut.read('2017-06-08T05:20:31')).toBe('2017-06-07T21:20:31.000Z');
      expect(sut.read('2017-06-07T21:20:31Z')).toBe('2017-06-07T21:20:31.000Z');
    });

    it('follows daylight saving time on both sides of a change', () => {
      const sut = new ZStackDateReader('America/New_York');

      expect(sut.read('Mar 12, 2023 1:59:59 AM')).toBe('2023-03-12T06:59:59.000Z');
      expect(sut.read('Mar 12, 2023 3:00:00 AM')).toBe('2023-03-12T07:00:00.000Z');
      expect(sut.read('Jul 1, 2023 12:00:00 PM')).toBe('2023-07-01T16:00:00.000Z');
    });

    it.each([
      ['America/New_York', 2023, 11, 5],
      ['Australia/Lord_Howe', 2023, 4, 2],
      ['Australia/Lord_Howe', 2023, 10, 1],
      ['Europe/Dublin', 2023, 3, 26],
    ])(
      'agrees with luxon on every minute of a day the clocks change in %s',
      (zone, year, month, day) => {
        const sut = new ZStackDateReader(zone);

        for (let minute = 0; minute < 24 * 60; minute += 7) {
          const hour = Math.floor(minute / 60);
          const wall = { year, month, day, hour, minute: minute % 60, second: 5 };
          const text = DateTime.fromObject(wall).toFormat('MMM d, yyyy h:mm:ss a', {
            locale: 'en-US',
          });
          const expected = DateTime.fromObject(wall, { zone }).toUTC().toISO();

          expect(sut.read(text)).toBe(expected);
        }
      },
    );
  });

  it('refuses a zone that is not an IANA name', () => {
    expect(() => new ZStackDateReader('Mars/Olympus')).toThrow(InvalidZoneError);
  });
});

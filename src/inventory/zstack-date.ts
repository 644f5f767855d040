import { DateTime, IANAZone } from 'luxon';

/**
 * The form ZStack's JSON (Gson's default for a Timestamp) writes: `Jun 7, 2017 9:20:31 PM`.
 * Java 9 and later add a comma after the year, and Java 20 and later a narrow no-break
 * space before the AM/PM marker; all three are read.
 */
const GSON_FORM =
  /^([A-Za-z]{3,4})\.? (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})[ \u00a0\u202f]?([AaPp][Mm])$/;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** An ISO 8601 date-time that names its own offset: then the configured zone does not apply. */
const ISO_WITH_OFFSET = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/** Bounds the per-hour offset cache; an export spanning decades needs far fewer entries. */
const MAX_CACHED_HOURS = 200_000;
/** Bounds the cache of dates read; a VM's volumes and CD-ROMs mostly share its dates. */
const MAX_CACHED_DATES = 10_000;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export class InvalidZoneError extends Error {}

/**
 * Reads the dates of a ZStack export into instants. ZStack's own form carries no
 * zone, so it is read in the configured zone (an IANA name, UTC by default); ISO
 * 8601 with an offset is taken as written, and without one is read in the zone too.
 * A number is taken as milliseconds since the epoch, as some ZStack clients write it.
 */
export class ZStackDateReader {
  private readonly zone: IANAZone;
  /** luxon resolves a zone's offset in tens of microseconds; an import reads millions of dates. */
  private readonly offsetByHour = new Map<string, number | null>();
  private readonly recent = new Map<string, string>();

  constructor(readonly zoneName = 'UTC') {
    if (!IANAZone.isValidZone(zoneName)) {
      throw new InvalidZoneError(`${zoneName} is not an IANA time zone (e.g. UTC, Asia/Shanghai)`);
    }

    this.zone = IANAZone.create(zoneName);
  }

  /** The instant as an ISO 8601 string in UTC; throws an Error saying why for anything else. */
  read(value: unknown): string {
    if (typeof value === 'number') {
      return this.fromMillis(value, value);
    }

    if (typeof value !== 'string') {
      throw new Error(`is not a date (a ${value === null ? 'null' : typeof value})`);
    }

    const known = this.recent.get(value);

    if (known !== undefined) {
      return known;
    }

    const text = value.trim();
    const gson = GSON_FORM.exec(text);
    const instant = gson ? this.fromWallTime(gsonWallTime(gson), value) : this.fromIso(text, value);

    if (this.recent.size >= MAX_CACHED_DATES) {
      this.recent.clear();
    }

    this.recent.set(value, instant);

    return instant;
  }

  private fromIso(text: string, original: string): string {
    const parsed = DateTime.fromISO(text, { zone: 'utc', setZone: true });

    if (!parsed.isValid) {
      throw notADate(original);
    }

    if (ISO_WITH_OFFSET.test(text)) {
      return this.fromMillis(parsed.toMillis(), original);
    }

    const { year, month, day, hour, minute, second, millisecond } = parsed;

    return this.fromWallTime({ year, month, day, hour, minute, second, millisecond }, original);
  }

  private fromWallTime(wall: WallTime, original: string): string {
    const asUtc = Date.UTC(
      wall.year,
      wall.month - 1,
      wall.day,
      wall.hour,
      wall.minute,
      wall.second,
      wall.millisecond,
    );
    const check = new Date(asUtc);

    // Date.UTC rolls Feb 30 over into March; a date that does not exist is refused.
    if (
      Number.isNaN(asUtc) ||
      check.getUTCFullYear() !== wall.year ||
      check.getUTCMonth() !== wall.month - 1 ||
      check.getUTCDate() !== wall.day ||
      check.getUTCHours() !== wall.hour ||
      check.getUTCMinutes() !== wall.minute ||
      check.getUTCSeconds() !== wall.second
    ) {
      throw notADate(original);
    }

    const offset = this.offsetOfHour(wall);

    if (offset === null) {
      const exact = DateTime.fromObject(wall, { zone: this.zone });

      return this.fromMillis(exact.toMillis(), original);
    }

    return this.fromMillis(asUtc - offset * 60_000, original);
  }

  /**
   * The zone's offset, in minutes, for every wall time in one hour; null for an hour
   * in which the offset changes or that the clocks skip in part, whose dates are
   * resolved one by one.
   */
  private offsetOfHour(wall: WallTime): number | null {
    const key = `${wall.year}-${wall.month}-${wall.day}-${wall.hour}`;
    const cached = this.offsetByHour.get(key);

    if (cached !== undefined) {
      return cached;
    }

    if (this.offsetByHour.size >= MAX_CACHED_HOURS) {
      this.offsetByHour.clear();
    }

    const hour = { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour };
    const start = DateTime.fromObject(hour, { zone: this.zone });
    const end = DateTime.fromObject({ ...hour, minute: 59, second: 59 }, { zone: this.zone });
    // luxon moves a wall time that the clocks skip; such an hour is resolved date by date too.
    const whole =
      start.offset === end.offset &&
      start.hour === wall.hour &&
      start.minute === 0 &&
      end.hour === wall.hour &&
      end.minute === 59;
    const offset = whole ? start.offset : null;
    this.offsetByHour.set(key, offset);

    return offset;
  }

  private fromMillis(millis: number, original: unknown): string {
    const date = new Date(millis);

    if (!Number.isFinite(millis) || Number.isNaN(date.getTime())) {
      throw notADate(original);
    }

    return date.toISOString();
  }
}

function gsonWallTime(match: RegExpExecArray): WallTime {
  const [, monthName, day, year, hour12, minute, second, marker] = match;
  const month = MONTHS[monthName.toLowerCase()] ?? 0;
  const afternoon = marker.toUpperCase() === 'PM';
  const hour = Number(hour12);

  return {
    year: Number(year),
    month,
    day: Number(day),
    // 12:xx AM is just after midnight and 12:xx PM just after noon.
    hour: hour > 12 || hour === 0 ? -1 : (hour % 12) + (afternoon ? 12 : 0),
    minute: Number(minute),
    second: Number(second),
    millisecond: 0,
  };
}

function notADate(value: unknown): Error {
  return new Error(`is not a date ZStack writes: ${JSON.stringify(value)}`);
}

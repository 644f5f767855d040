import { Presets, SingleBar } from 'cli-progress';
import { Writable } from 'node:stream';

/** What an import says about its progress while it runs. */
export interface ProgressListener {
  /** Reading starts; the total size of the inputs in bytes, when known. */
  begin(totalBytes: number | undefined): void;
  advance(bytesRead: number, records: number): void;
  /** A step after the reading, such as the merge. */
  phase(text: string): void;
  end(): void;
}

/** A terminal shows the bar for an import that has run this long. */
const BAR_AFTER_MS = 1000;
/** Elsewhere (a log, a pipe) one line at most this often. */
const LINE_EVERY_MS = 5000;

const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

/**
 * The progress of an import on standard error: a cli-progress bar on a terminal, and
 * a plain line every few seconds otherwise. A small import finishes before either
 * appears, so only a large one reports its progress.
 */
export class ImportProgress implements ProgressListener {
  private startedAt = 0;
  private lastLineAt = 0;
  private total: number | undefined;
  private bytes = 0;
  private records = 0;
  private bar: SingleBar | undefined;
  private shown = false;

  constructor(
    private readonly output: Writable & { isTTY?: boolean },
    private readonly now: () => number = Date.now,
  ) {}

  begin(totalBytes: number | undefined): void {
    this.startedAt = this.now();
    this.lastLineAt = this.startedAt;
    this.total = totalBytes;
  }

  advance(bytesRead: number, records: number): void {
    this.bytes = bytesRead;
    this.records = records;
    const now = this.now();

    if (this.output.isTTY) {
      if (!this.bar && now - this.startedAt >= BAR_AFTER_MS) {
        this.startBar();
      }

      this.bar?.update(this.total === undefined ? records : bytesRead, { records });

      return;
    }

    if (now - this.lastLineAt >= LINE_EVERY_MS) {
      this.lastLineAt = now;
      this.line(`reading: ${records} records, ${this.amountRead()}`);
    }
  }

  phase(text: string): void {
    if (this.bar) {
      this.bar.update(this.total ?? this.records, { records: this.records });
      this.bar.stop();
      this.bar = undefined;
    }

    const quiet = this.output.isTTY ? BAR_AFTER_MS : LINE_EVERY_MS;

    if (this.shown || this.now() - this.startedAt >= quiet) {
      this.line(`${text} (${this.records} records read)`);
    }
  }

  end(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  private startBar(): void {
    const known = this.total !== undefined;
    this.bar = new SingleBar(
      {
        stream: this.output,
        format: known
          ? 'reading [{bar}] {percentage}% | {records} records | {duration_formatted}'
          : 'reading: {records} records | {duration_formatted}',
        hideCursor: true,
        fps: 5,
      },
      Presets.shades_classic,
    );
    this.bar.start(this.total ?? 0, known ? this.bytes : this.records, { records: this.records });
    this.shown = true;
  }

  private amountRead(): string {
    if (this.total === undefined || this.total === 0) {
      return `${megabytes(this.bytes)} read`;
    }

    const percent = Math.min(100, Math.floor((this.bytes / this.total) * 100));

    return `${megabytes(this.bytes)} of ${megabytes(this.total)} (${percent}%)`;
  }

  private line(text: string): void {
    this.shown = true;
    this.output.write(`${text}\n`);
  }
}

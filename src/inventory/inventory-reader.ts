import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';

/** One input of an import: a file, or standard input. */
export interface InventorySource {
  /** How messages name it: the path as given, or `standard input`. */
  name: string;
  /** Its size in bytes, when known before reading. */
  size?: number;
  open(): Readable;
}

/** A path on the command line that names nothing readable. */
export class InputPathError extends Error {}

/** A file that is not a ZStack query answer: not JSON, or no `inventories` list. */
export class InputFormatError extends Error {}

export const STANDARD_INPUT = 'standard input';

/**
 * The inputs the paths name: `-` (or no path at all) for standard input, a folder
 * for the `.json` files directly in it (in name order), anything else for a file.
 */
export function resolveSources(paths: readonly string[], stdin: Readable): InventorySource[] {
  if (paths.length === 0) {
    return [{ name: STANDARD_INPUT, open: () => stdin }];
  }

  if (paths.filter((given) => given === '-').length > 1) {
    throw new InputPathError('standard input (-) can be read only once');
  }

  return paths.flatMap((given): InventorySource[] => {
    if (given === '-') {
      return [{ name: STANDARD_INPUT, open: () => stdin }];
    }

    const stats = statOf(given);

    if (!stats.isDirectory()) {
      return [fileSource(given, stats.size)];
    }

    const files = readdirSync(given)
      .filter((name) => name.toLowerCase().endsWith('.json'))
      .sort()
      .map((name) => path.join(given, name))
      .filter((file) => statOf(file).isFile());

    if (files.length === 0) {
      throw new InputPathError(`${given} holds no .json file`);
    }

    return files.map((file) => fileSource(file, statOf(file).size));
  });
}

function statOf(given: string) {
  try {
    return statSync(given);
  } catch (error) {
    throw new InputPathError(`cannot read ${given}: ${(error as NodeJS.ErrnoException).code}`);
  }
}

function fileSource(file: string, size: number): InventorySource {
  return { name: file, size, open: () => createReadStream(file) };
}

/** What the reader is told about each record; `false` stops reading the source. */
export type RecordHandler = (record: unknown, index: number) => Promise<boolean | void>;

export interface ReadOutcome {
  /** Whether the input had an `inventories` list at all. */
  found: boolean;
  records: number;
}

/** Thrown by the sink to end the reading of one source early; not a failure. */
class StopReading extends Error {}

/**
 * Streams the records of one ZStack query answer, `{"inventories":[...]}`, one at a
 * time and in order, so that an input of any size is read in bounded memory. The
 * handler is awaited before the next record is parsed.
 */
export async function readInventories(
  source: InventorySource,
  onRecord: RecordHandler,
  onBytes: (bytes: number) => void = () => undefined,
): Promise<ReadOutcome> {
  const input = source.open();
  // Only the `inventories` list is assembled into objects; the rest of the answer is skipped.
  const picked = pick.withParserAsStream({
    filter: 'inventories',
    once: true,
    streamValues: false,
  });
  let found = false;
  let records = 0;
  let handlerFailure: { error: unknown } | undefined;

  picked.once('data', () => (found = true));

  const reading = pipeline(
    input,
    picked,
    streamArray.asStream(),
    async (items: AsyncIterable<{ key: number; value: unknown }>) => {
      for await (const { key, value } of items) {
        records++;
        let next: boolean | void;

        try {
          next = await onRecord(value, key);
        } catch (error) {
          handlerFailure = { error };

          throw error;
        }

        if (next === false) {
          throw new StopReading();
        }
      }
    },
  );
  input.on('data', (chunk: Buffer | string) => onBytes(chunk.length));

  try {
    await reading;
  } catch (error) {
    if (error instanceof StopReading) {
      return { found, records };
    }

    if (handlerFailure) {
      throw handlerFailure.error;
    }

    throw new InputFormatError(describeFailure(error));
  }

  return { found, records };
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const { code, syscall } = error as NodeJS.ErrnoException;

  if (code && syscall) {
    return `cannot be read (${code})`;
  }

  if (/top-level object should be an array/i.test(message)) {
    return '"inventories" is not a list';
  }

  return `is not valid JSON (${message})`;
}

import { PassThrough } from 'node:stream';

import { ImportProgress } from './import-progress';

/** A stream that keeps what is written to it, a terminal or not. */
function output(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  let written = '';
  stream.on('data', (chunk) => (written += String(chunk)));

  return { stream, written: () => written };
}

describe('ImportProgress', () => {
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    clock = 1_000_000;
  });

  describe('on a log or a pipe', () => {
    it('says nothing about an import that ends within five seconds', () => {
      const { stream, written } = output(false);
      const sut = new ImportProgress(stream, now);

      sut.begin(1_048_576);
      clock += 4000;
      sut.advance(524_288, 10);
      sut.phase('writing to the database');
      sut.end();

      expect(written()).toBe('');
    });

    it('writes a line every five seconds, then each step after the reading', () => {
      const { stream, written } = output(false);
      const sut = new ImportProgress(stream, now);

      sut.begin(10_485_760);
      clock += 5000;
      sut.advance(2_621_440, 1000);
      clock += 1000;
      sut.advance(3_145_728, 1200);
      clock += 4000;
      sut.advance(5_242_880, 2000);
      sut.phase('writing to the database');

      expect(written()).toBe(
        'reading: 1000 records, 2.5 MB of 10.0 MB (25%)\n' +
          'reading: 2000 records, 5.0 MB of 10.0 MB (50%)\n' +
          'writing to the database (2000 records read)\n',
      );
    });

    it('counts what it read when the size of the input is unknown', () => {
      const { stream, written } = output(false);
      const sut = new ImportProgress(stream, now);

      sut.begin(undefined);
      clock += 5000;
      sut.advance(1_048_576, 300);

      expect(written()).toBe('reading: 300 records, 1.0 MB read\n');
    });
  });

  describe('on a terminal', () => {
    it('draws a bar once the import has run a second, and clears it for the next step', () => {
      const { stream, written } = output(true);
      const sut = new ImportProgress(stream, now);

      sut.begin(1000);
      sut.advance(100, 1);
      const before = written();
      clock += 1000;
      sut.advance(500, 5);
      sut.phase('writing to the database');
      sut.end();

      expect(before).toBe('');
      expect(written()).toContain('reading [');
      expect(written()).toContain('| 5 records |');
      expect(written()).toMatch(/writing to the database \(5 records read\)\n$/);
    });
  });
});

import { isDatabaseUnavailable } from './database-errors';

const withCode = (code: string): Error => Object.assign(new Error('query failed'), { code });

describe('isDatabaseUnavailable', () => {
  const sut = isDatabaseUnavailable;

  describe('errors that mean the database is unreachable or too slow', () => {
    it.each(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])('is true for Prisma code %s', (code) => {
      expect(sut(withCode(code))).toBe(true);
    });

    it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'])(
      'is true for the Node network code %s',
      (code) => {
        expect(sut(withCode(code))).toBe(true);
      },
    );

    it.each(['57014', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '53300'])(
      'is true for the Postgres SQLSTATE %s',
      (code) => {
        expect(sut(withCode(code))).toBe(true);
      },
    );

    it.each([
      'DatabaseNotReachable',
      'DatabaseDoesNotExist',
      'SocketTimeout',
      'TooManyConnections',
      'ConnectionClosed',
      'TransactionStartTimeout',
    ])('is true for the driver adapter kind %s', (kind) => {
      expect(sut({ kind })).toBe(true);
    });

    it.each([
      'timeout exceeded when trying to connect',
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'Query read timeout',
    ])('is true for the pg driver message %p', (message) => {
      expect(sut(new Error(message))).toBe(true);
    });

    it('is true for a Postgres SQLSTATE kept as the original code of the cause', () => {
      expect(sut({ cause: { originalCode: '57014', kind: 'postgres' } })).toBe(true);
    });

    it('is true for a plain object that is not an Error', () => {
      expect(sut({ code: 'P1001' })).toBe(true);
    });
  });

  describe('causes nested inside other errors', () => {
    it('is true for an unavailable error in the cause', () => {
      expect(sut(new Error('wrapped', { cause: withCode('ECONNREFUSED') }))).toBe(true);
    });

    it('is true for an unavailable error several causes deep', () => {
      const inner = new Error('Connection terminated unexpectedly');
      const error = new Error('outer', { cause: new Error('middle', { cause: inner }) });

      expect(sut(error)).toBe(true);
    });

    it('is true for an adapter kind in meta', () => {
      expect(sut({ code: 'P2010', meta: { kind: 'SocketTimeout' } })).toBe(true);
    });

    it('is true for a driver adapter error in meta', () => {
      const error = { code: 'P2010', meta: { driverAdapterError: { cause: { code: '08006' } } } };

      expect(sut(error)).toBe(true);
    });

    it('is true for a SQLSTATE in a cause inside meta', () => {
      expect(sut({ meta: { cause: { code: '57P01' } } })).toBe(true);
    });
  });

  describe('errors that do not mean the database is unavailable', () => {
    it('is false for an ordinary Error', () => {
      expect(sut(new Error('Cannot read properties of undefined'))).toBe(false);
    });

    it.each([
      ['a unique violation', '23505'],
      ['a foreign key violation', '23503'],
      ['a syntax error', '42601'],
      ['an unknown column', '42703'],
      ["Prisma's record not found", 'P2025'],
      ["Prisma's unique constraint", 'P2002'],
    ])('is false for %s (%s)', (_, code) => {
      expect(sut(withCode(code))).toBe(false);
    });

    it('is false for a SQLSTATE that only begins like a connection exception', () => {
      expect(sut(withCode('080000'))).toBe(false);
      expect(sut(withCode('x08006'))).toBe(false);
    });

    it('is false for a code that is not a string', () => {
      expect(sut({ code: 1001 })).toBe(false);
    });

    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a string', 'ECONNREFUSED'],
      ['a number', 57014],
    ])('is false for %s', (_, value) => {
      expect(sut(value)).toBe(false);
    });

    it('is false for an unrelated error in the cause', () => {
      expect(sut(new Error('outer', { cause: withCode('23505') }))).toBe(false);
    });
  });

  describe('cycles', () => {
    it('is false for an error that is its own cause, and returns', () => {
      const error = new Error('loop') as Error & { cause?: unknown };
      error.cause = error;

      expect(sut(error)).toBe(false);
    });

    it('is false for a cyclic chain of causes through meta, and returns', () => {
      const first: Record<string, unknown> = { message: 'first' };
      const second: Record<string, unknown> = { message: 'second', cause: first };
      first.cause = second;
      first.meta = { driverAdapterError: second };

      expect(sut(first)).toBe(false);
    });
  });
});

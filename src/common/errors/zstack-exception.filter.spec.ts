import {
  ArgumentsHost,
  BadRequestException,
  ForbiddenException,
  HttpStatus,
  InternalServerErrorException,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';

import { ERROR_DESCRIPTIONS, ErrorCode } from './error-code';
import { ZStackExceptionFilter } from './zstack-exception.filter';
import { ZStackException } from './zstack.exception';

interface FakeResponse {
  headersSent: boolean;
  status: jest.Mock;
  set: jest.Mock;
  json: jest.Mock;
}

/** An ArgumentsHost for `GET /x` whose response records what the filter writes. */
function fakeHost(headersSent = false): { host: ArgumentsHost; response: FakeResponse } {
  const request = { method: 'GET', path: '/x' };
  const response: FakeResponse = {
    headersSent,
    status: jest.fn(),
    set: jest.fn(),
    json: jest.fn(),
  };
  response.status.mockReturnValue(response);
  response.set.mockReturnValue(response);
  response.json.mockReturnValue(response);
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;

  return { host, response };
}

/** The body the filter wrote; fails when it wrote none or more than one. */
function writtenBody(response: FakeResponse): { error: Record<string, unknown> } {
  expect(response.json).toHaveBeenCalledTimes(1);

  return response.json.mock.calls[0][0] as { error: Record<string, unknown> };
}

describe('ZStackExceptionFilter', () => {
  let sut: ZStackExceptionFilter;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    jest.spyOn(Logger.prototype, 'debug').mockImplementation();
    sut = new ZStackExceptionFilter();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('a ZStackException', () => {
    it('answers with its status and the full envelope', () => {
      const { host, response } = fakeHost();

      sut.catch(new ZStackException(ErrorCode.InvalidArgument, 'vmUuids[2] is not a uuid'), host);

      expect(response.status).toHaveBeenCalledWith(503);
      expect(response.json).toHaveBeenCalledWith({
        error: {
          code: 'SYS.1007',
          description: 'One or more API argument is invalid',
          details: 'vmUuids[2] is not a uuid',
          elaboration: null,
          opaque: null,
          cause: null,
        },
      });
    });

    it.each(Object.values(ErrorCode))('describes %s with the catalogue sentence', (code) => {
      const { host, response } = fakeHost();

      sut.catch(new ZStackException(code, 'what went wrong'), host);

      expect(writtenBody(response).error).toMatchObject({
        code,
        description: ERROR_DESCRIPTIONS[code],
        details: 'what went wrong',
      });
    });

    it('answers with a status other than 503 when the exception carries one', () => {
      const { host, response } = fakeHost();

      sut.catch(
        new ZStackException(ErrorCode.InvalidArgument, 'too large', HttpStatus.PAYLOAD_TOO_LARGE),
        host,
      );

      expect(response.status).toHaveBeenCalledWith(413);
      expect(writtenBody(response).error.code).toBe('SYS.1007');
    });

    it('sets the headers the exception carries', () => {
      const { host, response } = fakeHost();
      const headers = { 'Retry-After': '30' };

      sut.catch(
        new ZStackException(
          ErrorCode.OperationFailure,
          'too many requests',
          HttpStatus.TOO_MANY_REQUESTS,
          headers,
        ),
        host,
      );

      expect(response.status).toHaveBeenCalledWith(429);
      expect(response.set).toHaveBeenCalledWith(headers);
      expect(writtenBody(response).error.code).toBe('SYS.1006');
    });

    it('sets no header when the exception carries none', () => {
      const { host, response } = fakeHost();

      sut.catch(new ZStackException(ErrorCode.InvalidSession, 'Session expired'), host);

      expect(response.set).toHaveBeenCalledWith({});
    });
  });

  describe("Nest's HTTP exceptions", () => {
    it('answers a NotFoundException (an unknown route) with 404 and SYS.1003', () => {
      const { host, response } = fakeHost();

      sut.catch(new NotFoundException('Cannot GET /x'), host);

      expect(response.status).toHaveBeenCalledWith(404);
      expect(writtenBody(response)).toEqual({
        error: {
          code: 'SYS.1003',
          description: 'A resource can not be found',
          details: 'no API answers this method and path',
          elaboration: null,
          opaque: null,
          cause: null,
        },
      });
    });

    it('answers a BadRequestException with 400 and SYS.1007', () => {
      const { host, response } = fakeHost();

      sut.catch(new BadRequestException('Unexpected token } in JSON at position 7'), host);

      expect(response.status).toHaveBeenCalledWith(400);
      expect(writtenBody(response).error).toMatchObject({
        code: 'SYS.1007',
        description: 'One or more API argument is invalid',
      });
      expect(JSON.stringify(writtenBody(response))).not.toContain('Unexpected token');
    });

    it.each([
      ['an UnauthorizedException', new UnauthorizedException('who?')],
      ['a ForbiddenException', new ForbiddenException('no')],
    ])('answers %s with 400 and SYS.1007', (_, exception) => {
      const { host, response } = fakeHost();

      sut.catch(exception, host);

      expect(response.status).toHaveBeenCalledWith(400);
      expect(writtenBody(response).error.code).toBe('SYS.1007');
    });

    it('answers a server-side HttpException with 503 and SYS.1000', () => {
      const { host, response } = fakeHost();

      sut.catch(new InternalServerErrorException('pool exhausted in worker 3'), host);

      expect(response.status).toHaveBeenCalledWith(503);
      expect(writtenBody(response).error.code).toBe('SYS.1000');
      expect(JSON.stringify(writtenBody(response))).not.toContain('worker 3');
    });
  });

  describe('unexpected errors', () => {
    it('answers a plain Error with 503 and SYS.1000, without its message or stack', () => {
      const { host, response } = fakeHost();
      const error = new Error('secret internal text at /some/path');

      sut.catch(error, host);

      expect(response.status).toHaveBeenCalledWith(503);
      const body = writtenBody(response);
      const serialized = JSON.stringify(body);
      expect(body.error).toMatchObject({
        code: 'SYS.1000',
        description: 'An internal error happened in system',
        elaboration: null,
        opaque: null,
        cause: null,
      });
      expect(serialized).not.toContain('secret');
      expect(serialized).not.toContain('/some/path');
      expect(serialized).not.toContain('stack');
      expect(serialized).not.toContain(error.stack?.split('\n')[1]?.trim() ?? 'never');
    });

    it('logs the unexpected error for the operator', () => {
      const { host } = fakeHost();
      const error = new Error('secret internal text at /some/path');

      sut.catch(error, host);

      expect(Logger.prototype.error).toHaveBeenCalledWith(
        expect.objectContaining({ err: error }),
        expect.any(String),
      );
    });

    it.each([
      ['a thrown string', 'secret string'],
      ['a thrown object', { message: 'secret object' }],
      ['a thrown null', null],
      ['a thrown undefined', undefined],
    ])('answers %s with 503 and SYS.1000', (_, thrown) => {
      const { host, response } = fakeHost();

      sut.catch(thrown, host);

      expect(response.status).toHaveBeenCalledWith(503);
      expect(writtenBody(response).error.code).toBe('SYS.1000');
      expect(JSON.stringify(writtenBody(response))).not.toContain('secret');
    });
  });

  describe('database outages', () => {
    it.each([
      ['a refused connection', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
      ["Prisma's unreachable server", Object.assign(new Error('x'), { code: 'P1001' })],
      ['a Prisma-like plain object', { code: 'P1001', message: 'secret host db:5432' }],
      [
        'a statement timeout in a nested cause',
        new Error('query failed at secret host', { cause: { code: '57014' } }),
      ],
    ])('answers %s with 503 and SYS.1001', (_, error) => {
      const { host, response } = fakeHost();

      sut.catch(error, host);

      expect(response.status).toHaveBeenCalledWith(503);
      expect(writtenBody(response).error).toMatchObject({
        code: 'SYS.1001',
        description: 'A message or a operation timeout',
      });
      expect(JSON.stringify(writtenBody(response))).not.toContain('secret');
    });

    it('answers an ordinary database fault (a unique violation) as SYS.1000, not a timeout', () => {
      const { host, response } = fakeHost();

      sut.catch(Object.assign(new Error('duplicate key'), { code: '23505' }), host);

      expect(writtenBody(response).error.code).toBe('SYS.1000');
    });
  });

  describe('a response already under way', () => {
    it.each([
      ['a ZStackException', new ZStackException(ErrorCode.InvalidArgument, 'bad')],
      ['a plain Error', new Error('late failure')],
      ['a NotFoundException', new NotFoundException()],
    ])('writes nothing for %s when the headers were sent', (_, exception) => {
      const { host, response } = fakeHost(true);

      sut.catch(exception, host);

      expect(response.status).not.toHaveBeenCalled();
      expect(response.set).not.toHaveBeenCalled();
      expect(response.json).not.toHaveBeenCalled();
    });
  });
});

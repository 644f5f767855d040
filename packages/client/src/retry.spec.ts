import { RequestError } from './request-error';
import { backoffDelay, isTransient, networkCodeOf } from './retry';
import { ZStackError } from './zstack-error';

const zstack = (code: string) => new ZStackError({ code, description: 'd' }, 503, 'id');
const network = (code?: string) => new RequestError('m', 'network', 'id', { code });

describe('retries', () => {
  it('retries the database being unavailable, a refused or reset connection and a timeout', () => {
    expect(isTransient(zstack('SYS.1001'))).toBe(true);
    expect(isTransient(network('ECONNREFUSED'))).toBe(true);
    expect(isTransient(network('ECONNRESET'))).toBe(true);
    expect(isTransient(network('UND_ERR_SOCKET'))).toBe(true);
    expect(isTransient(new RequestError('m', 'timeout', 'id'))).toBe(true);
  });

  it('never retries another ZStack error, an unknown host or a foreign answer', () => {
    for (const code of ['SYS.1000', 'SYS.1003', 'SYS.1006', 'SYS.1007', 'ID.1000', 'ID.1001']) {
      expect(isTransient(zstack(code))).toBe(false);
    }

    expect(isTransient(network('ENOTFOUND'))).toBe(false);
    expect(isTransient(network())).toBe(false);
    expect(isTransient(new RequestError('m', 'answer', 'id', { status: 502 }))).toBe(false);
    expect(isTransient(new Error('anything else'))).toBe(false);
  });

  it('doubles the wait at each retry up to its ceiling, half of it random', () => {
    const policy = { retries: 10, baseDelayMs: 100, maxDelayMs: 1000 };

    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });

  it("reads the system error code under fetch's TypeError, from an AggregateError too", () => {
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });

    expect(networkCodeOf(new TypeError('fetch failed', { cause: refused }))).toBe('ECONNREFUSED');
    expect(
      networkCodeOf(new TypeError('fetch failed', { cause: new AggregateError([refused]) })),
    ).toBe('ECONNREFUSED');
    expect(networkCodeOf(new TypeError('fetch failed'))).toBeUndefined();
  });
});

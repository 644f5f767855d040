import { createHash } from 'node:crypto';

import { RequestError } from './request-error';
import { VmCapabilitiesClient, VmCapabilitiesClientOptions } from './vm-capabilities-client';
import { ZStackError } from './zstack-error';

const VM = '68e8ed0735333faab95816b3e8596cea';
const FLAGS = {
  supportLiveMigration: true,
  supportVolumeMigration: false,
  supportReimage: true,
  supportMemorySnapshot: false,
};

const envelope = (code: string) =>
  Response.json(
    { error: { code, description: 'a description', details: 'some details' } },
    { status: 503 },
  );

/** A client whose requests are answered, in turn, by the given answers; it keeps what it sent. */
function clientAnswering(
  answers: (() => Response)[],
  options: Partial<VmCapabilitiesClientOptions> = {},
) {
  const sent: { request: Request; body: string }[] = [];
  const sut = new VmCapabilitiesClient({
    baseUrl: 'http://vm-capabilities.test',
    retryDelayMs: 1,
    fetch: async (request) => {
      sent.push({ request, body: await request.text() });
      const answer = answers.shift();

      if (!answer) {
        throw new Error('no answer left');
      }

      return answer();
    },
    ...options,
  });

  return { sut, sent };
}

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }

  throw new Error('the call succeeded');
}

describe('VmCapabilitiesClient', () => {
  it('logs in with the SHA-512 hex of the password, then sends the session as OAuth', async () => {
    const { sut, sent } = clientAnswering([
      () => Response.json({ inventory: { uuid: 'session-1' } }),
      () => Response.json({ vmsCaps: { [VM]: FLAGS } }),
    ]);

    await sut.login('admin', 'password');
    const caps = await sut.getVmsCapabilities([VM]);

    expect(JSON.parse(sent[0].body)).toEqual({
      logInByAccount: {
        accountName: 'admin',
        password: createHash('sha512').update('password').digest('hex'),
      },
    });
    expect(sent[0].request.headers.get('Authorization')).toBeNull();
    expect(sent[1].request.method).toBe('POST');
    expect(sent[1].request.headers.get('Authorization')).toBe('OAuth session-1');
    expect(sent[1].request.headers.get('X-Job-UUID')).toBeNull();
    expect(JSON.parse(sent[1].body)).toEqual({ params: { vmUuids: [VM] } });
    expect(caps).toEqual({ [VM]: FLAGS });
  });

  it('retries SYS.1001 with the same request id, and answers once the service does', async () => {
    const onRetry = jest.fn();
    const { sut, sent } = clientAnswering(
      [
        () => envelope('SYS.1001'),
        () => envelope('SYS.1001'),
        () => Response.json({ vmsCaps: { [VM]: FLAGS } }),
      ],
      { onRetry },
    );

    const caps = await sut.getVmsCapabilities([VM]);
    const ids = sent.map(({ request }) => request.headers.get('X-Request-Id'));

    expect(caps).toEqual({ [VM]: FLAGS });
    expect(onRetry).toHaveBeenCalledTimes(2);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives up after the configured retries with the last ZStackError', async () => {
    const { sut, sent } = clientAnswering(
      [() => envelope('SYS.1001'), () => envelope('SYS.1001')],
      { retries: 1, requestId: 'fixed-id' },
    );

    const error = await failureOf(sut.getVmCapabilities(VM));

    expect(sent).toHaveLength(2);
    expect(error).toBeInstanceOf(ZStackError);
    expect(error).toMatchObject({
      code: 'SYS.1001',
      description: 'a description',
      details: 'some details',
      status: 503,
      requestId: 'fixed-id',
      message: 'SYS.1001: some details',
    });
  });

  it('never retries an answer that is not the envelope, such as a proxy error page', async () => {
    const { sut, sent } = clientAnswering([
      () => new Response('<html>Bad Gateway</html>', { status: 502 }),
    ]);

    const error = await failureOf(sut.getVmCapabilities(VM));

    expect(sent).toHaveLength(1);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ kind: 'answer', status: 502 });
  });

  it('refuses the job form of an answer, which it never asks for', async () => {
    const { sut } = clientAnswering([
      () => Response.json({ location: 'http://x/zstack/v1/api-jobs/1' }, { status: 202 }),
    ]);

    const error = await failureOf(sut.getVmsCapabilities([VM]));

    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ kind: 'answer', status: 202 });
  });

  it("passes the caller's cancellation on as it is, without retrying", async () => {
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const sut = new VmCapabilitiesClient({
      baseUrl: 'http://vm-capabilities.test',
      // fetch fails with the reason of the request's signal once it is aborted.
      fetch: (request) => {
        controller.abort(reason);

        return Promise.reject(request.signal.reason as Error);
      },
    });

    const error = await failureOf(sut.getVmCapabilities(VM, { signal: controller.signal }));

    expect(error).toBe(reason);
  });

  it('logs out once, and not at all without a session', async () => {
    const { sut, sent } = clientAnswering([() => Response.json({})], {
      sessionUuid: 'session-2',
    });

    await sut.logout();
    await sut.logout();

    expect(sent.map(({ request }) => `${request.method} ${new URL(request.url).pathname}`)).toEqual(
      ['DELETE /zstack/v1/accounts/sessions/session-2'],
    );
    expect(sut.sessionUuid).toBeUndefined();
  });
});

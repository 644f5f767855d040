import { LogInByAccountDto } from '../../auth/dto/log-in-by-account.dto';
import { ErrorCode } from '../../common/errors/error-code';
import { ZStackException } from '../../common/errors/zstack.exception';
import { createValidationPipe } from '../../common/validation/validation-pipe';

import { GetVmsCapabilitiesDto } from './get-vms-capabilities.dto';

const FIRST = '68e8ed0735333faab95816b3e8596cea';
const SECOND = '36c27e8ff05c4780bf6d2fa65700f22e';

/** The pipe as src/app.module.ts installs it. */
const sut = createValidationPipe();

async function validated(body: unknown, metatype: new () => object): Promise<unknown> {
  return (await sut.transform(body, { type: 'body', metatype })) as unknown;
}

/** Validates `body` and returns the ZStackException it is rejected with. */
async function rejectionOf(body: unknown, metatype: new () => object): Promise<ZStackException> {
  const outcome = await validated(body, metatype).then(
    () => new Error('expected a rejection, but the body was accepted'),
    (error: unknown) => error,
  );

  expect(outcome).toBeInstanceOf(ZStackException);

  return outcome as ZStackException;
}

describe('GetVmsCapabilitiesDto', () => {
  const validate = (body: unknown) => validated(body, GetVmsCapabilitiesDto);
  const reject = (body: unknown) => rejectionOf(body, GetVmsCapabilitiesDto);

  describe('accepted bodies', () => {
    it('turns a lone string vmUuids into a list of one, as ZStack documents it', async () => {
      const body = await validate({ params: { vmUuids: FIRST } });

      expect(body).toBeInstanceOf(GetVmsCapabilitiesDto);
      expect(body).toEqual({ params: { vmUuids: [FIRST] } });
    });

    it('keeps a list of vmUuids, as ZStack SDKs send it', async () => {
      const body = await validate({ params: { vmUuids: [FIRST, SECOND] } });

      expect(body).toEqual({ params: { vmUuids: [FIRST, SECOND] } });
    });

    it('keeps systemTags and userTags that are lists of strings', async () => {
      const body = await validate({
        params: { vmUuids: [FIRST] },
        systemTags: ['validationOnly'],
        userTags: [],
      });

      expect(body).toEqual({
        params: { vmUuids: [FIRST] },
        systemTags: ['validationOnly'],
        userTags: [],
      });
    });

    it('accepts the documented example body', async () => {
      const body = await validate({
        params: { vmUuids: FIRST },
        systemTags: ['<systemTags>'],
        userTags: ['<userTags>'],
      });

      expect(body).toMatchObject({ params: { vmUuids: [FIRST] } });
    });

    it('ignores and strips unknown fields, at the top and inside params', async () => {
      const body = await validate({
        params: { vmUuids: [FIRST], sessionUuid: 'x', limit: 3 },
        requestIp: '10.0.0.1',
        nested: { deep: true },
      });

      expect(body).toEqual({ params: { vmUuids: [FIRST] } });
      expect(body).not.toHaveProperty('requestIp');
      expect(body).not.toHaveProperty('nested');
      expect(body).not.toHaveProperty('params.sessionUuid');
    });

    it('leaves the uuid form to toAskedVms: any string passes here', async () => {
      const body = await validate({ params: { vmUuids: ['not-a-uuid'] } });

      expect(body).toEqual({ params: { vmUuids: ['not-a-uuid'] } });
    });
  });

  describe('rejected bodies', () => {
    const params = { vmUuids: [FIRST] };

    it.each([
      ['params is missing', { systemTags: ['echo-me-7f3a'] }, 'params', 'echo-me-7f3a'],
      ['params is a string', { params: 'echo-me-7f3a' }, 'params', 'echo-me-7f3a'],
      ['params is a list', { params: [{ vmUuids: [FIRST] }] }, 'params', FIRST],
      ['params is null', { params: null }, 'params', FIRST],
      ['params is a number', { params: 918273 }, 'params', '918273'],
      ['vmUuids is missing', { params: { other: 'echo-me-7f3a' } }, 'params.vmUuids', 'echo-me'],
      ['vmUuids is null', { params: { vmUuids: null } }, 'params.vmUuids', FIRST],
      ['vmUuids is a number', { params: { vmUuids: 918273 } }, 'params.vmUuids', '918273'],
      [
        'vmUuids is an object',
        { params: { vmUuids: { first: 'echo-me-7f3a' } } },
        'params.vmUuids',
        'echo-me-7f3a',
      ],
      ['vmUuids is an empty list', { params: { vmUuids: [] } }, 'params.vmUuids', '[]'],
      [
        'vmUuids holds a number',
        { params: { vmUuids: [FIRST, 918273] } },
        'params.vmUuids',
        '918273',
      ],
      ['vmUuids holds null', { params: { vmUuids: [FIRST, null] } }, 'params.vmUuids', FIRST],
      ['vmUuids holds a list', { params: { vmUuids: [[FIRST]] } }, 'params.vmUuids', FIRST],
      ['systemTags is a string', { params, systemTags: 'echo-me-7f3a' }, 'systemTags', 'echo-me'],
      ['systemTags is an object', { params, systemTags: { a: 'echo-me' } }, 'systemTags', 'echo'],
      [
        'systemTags holds a number',
        { params, systemTags: ['echo-me-7f3a', 918273] },
        'systemTags',
        '918273',
      ],
      ['userTags is a string', { params, userTags: 'echo-me-7f3a' }, 'userTags', 'echo-me-7f3a'],
      [
        'userTags holds a number',
        { params, userTags: ['echo-me-7f3a', 918273] },
        'userTags',
        '918273',
      ],
    ])(
      'rejects a body where %s with SYS.1007 naming the field',
      async (_, body, field, submitted) => {
        const error = await reject(body);

        expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
        expect(error.details).toContain(field);
        expect(error.details).not.toContain(submitted);
      },
    );

    it('treats tags sent as null as absent, as ZStack reads a null field', async () => {
      await expect(validate({ params })).resolves.toEqual({ params });
      await expect(validate({ params, systemTags: null, userTags: null })).resolves.toMatchObject({
        params,
      });
    });

    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a string', 'echo-me-7f3a'],
      ['a list', [{ params: { vmUuids: [FIRST] } }]],
    ])('rejects a body that is %s with SYS.1007 naming params', async (_, body) => {
      const error = await reject(body);

      expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
      expect(error.details).toContain('params');
      expect(error.details).not.toContain('echo-me');
    });

    it('names every bad field in one error', async () => {
      const error = await reject({ params: { vmUuids: [] }, systemTags: 'a', userTags: [1] });

      expect(error.details).toContain('params.vmUuids');
      expect(error.details).toContain('systemTags');
      expect(error.details).toContain('userTags');
    });
  });
});

describe('LogInByAccountDto', () => {
  const validate = (body: unknown) => validated(body, LogInByAccountDto);
  const reject = (body: unknown) => rejectionOf(body, LogInByAccountDto);
  const password = 'b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb9';

  it('accepts an account name and a password', async () => {
    const body = await validate({ logInByAccount: { accountName: 'admin', password } });

    expect(body).toBeInstanceOf(LogInByAccountDto);
    expect(body).toEqual({ logInByAccount: { accountName: 'admin', password } });
  });

  it('strips unknown fields', async () => {
    const body = await validate({
      logInByAccount: { accountName: 'admin', password, clientInfo: {} },
      systemTags: [],
    });

    expect(body).toEqual({ logInByAccount: { accountName: 'admin', password } });
  });

  it.each([
    ['logInByAccount is missing', { accountName: 'admin', password }, 'logInByAccount'],
    ['logInByAccount is a string', { logInByAccount: 'admin' }, 'logInByAccount'],
    [
      'accountName is not a string',
      { logInByAccount: { accountName: 918273, password } },
      'logInByAccount.accountName',
    ],
    ['accountName is missing', { logInByAccount: { password } }, 'logInByAccount.accountName'],
    [
      'accountName is empty',
      { logInByAccount: { accountName: '', password } },
      'logInByAccount.accountName',
    ],
    [
      'the password is empty',
      { logInByAccount: { accountName: 'admin', password: '' } },
      'logInByAccount.password',
    ],
    [
      'the password is not a string',
      { logInByAccount: { accountName: 'admin', password: 918273 } },
      'logInByAccount.password',
    ],
  ])('rejects a login where %s with SYS.1007 naming the field', async (_, body, field) => {
    const error = await reject(body);

    expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, status: 503 });
    expect(error.details).toContain(field);
    expect(error.details).not.toContain('918273');
    expect(error.details).not.toContain(password);
  });

  it('does not echo an over-long password', async () => {
    const long = 'p'.repeat(2000);
    const error = await reject({ logInByAccount: { accountName: 'admin', password: long } });

    expect(error.details).toContain('logInByAccount.password');
    expect(error.details).not.toContain('ppp');
  });
});

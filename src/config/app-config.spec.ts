import { AppConfig, InvalidConfigError, loadAppConfig } from './app-config';

/** Runs `action` and returns the InvalidConfigError it throws; fails the test when it throws nothing. */
function configErrorOf(action: () => unknown): InvalidConfigError {
  try {
    action();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(InvalidConfigError);

    return error as InvalidConfigError;
  }

  throw new Error('expected an InvalidConfigError, but nothing was thrown');
}

describe('loadAppConfig', () => {
  const sut = loadAppConfig;

  describe('defaults', () => {
    it('answers an AppConfig for an empty environment', () => {
      expect(sut({})).toBeInstanceOf(AppConfig);
    });

    it.each([
      ['PORT', 8080],
      ['HOST', undefined],
      ['SESSION_TIMEOUT_SECONDS', 7200],
      ['MAX_SESSIONS_PER_ACCOUNT', 500],
      ['MAX_VM_UUIDS', 1000],
      ['DEMO_INVENTORY', false],
      ['DATABASE_URL', undefined],
      ['LOG_LEVEL', 'info'],
    ] as const)('defaults %s to %p', (name, value) => {
      expect(sut({})[name]).toBe(value);
    });
  });

  describe('values from the environment', () => {
    it.each([
      ['PORT', '3000', 3000],
      ['DB_POOL_SIZE', '25', 25],
      ['DB_TIMEOUT_MS', '100', 100],
      ['SESSION_TIMEOUT_SECONDS', '60', 60],
      ['MAX_SESSIONS_PER_ACCOUNT', '1', 1],
      ['MAX_VM_UUIDS', '5000', 5000],
      ['BODY_LIMIT_BYTES', '2048', 2048],
    ] as const)('parses %s=%p as the number %p', (name, raw, value) => {
      expect(sut({ [name]: raw })[name]).toBe(value);
    });

    it.each([
      ['true', true],
      ['1', true],
      ['false', false],
      ['0', false],
    ])('parses DEMO_INVENTORY=%p as %p', (raw, value) => {
      expect(sut({ DEMO_INVENTORY: raw }).DEMO_INVENTORY).toBe(value);
    });

    it('parses SWAGGER_ENABLED=false as false', () => {
      expect(sut({ SWAGGER_ENABLED: 'false' }).SWAGGER_ENABLED).toBe(false);
    });

    it.each(['postgresql://user:pw@db:5432/vmcaps', 'postgres://db/vmcaps'])(
      'accepts the connection string %p',
      (url) => {
        expect(sut({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
      },
    );

    it('accepts the boundary port 65535', () => {
      expect(sut({ PORT: '65535' }).PORT).toBe(65535);
    });

    it('reads LOG_LEVEL when it is a pino level', () => {
      expect(sut({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
    });

    it.each([
      ['PORT', 8080],
      ['DATABASE_URL', undefined],
      ['DEMO_INVENTORY', false],
      ['MAX_VM_UUIDS', 1000],
      ['LOG_LEVEL', 'info'],
    ] as const)('treats an empty %s as unset', (name, value) => {
      expect(sut({ [name]: '' })[name]).toBe(value);
    });

    it('ignores unrelated variables, even malformed-looking ones', () => {
      const config = sut({ PATH: '/usr/bin', HOME: '/root', port: 'abc', NODE_ENV: 'test' });

      expect(config).toEqual(sut({}));
      expect(config).not.toHaveProperty('PATH');
      expect(config).not.toHaveProperty('port');
    });

    it('does not change the environment it reads', () => {
      const env = { PORT: '3000', DEMO_INVENTORY: 'true' };

      sut(env);

      expect(env).toEqual({ PORT: '3000', DEMO_INVENTORY: 'true' });
    });
  });

  describe('malformed values', () => {
    it.each([
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['PORT', '0'],
      ['PORT', '-1'],
      ['PORT', '80.5'],
      ['PORT', '80\n81'],
      ['DB_POOL_SIZE', '0'],
      ['DB_TIMEOUT_MS', '99'],
      ['SESSION_TIMEOUT_SECONDS', '59'],
      ['MAX_VM_UUIDS', '0'],
      ['DEMO_INVENTORY', 'yes'],
      ['DEMO_INVENTORY', 'TRUE'],
      ['SWAGGER_ENABLED', 'on'],
      ['DATABASE_URL', 'mysql://x'],
      ['DATABASE_URL', 'x postgresql://db/vmcaps'],
      ['LOG_LEVEL', 'loud'],
    ])('rejects %s=%j with one line that names the variable', (name, raw) => {
      const error = configErrorOf(() => sut({ [name]: raw }));

      expect(error.message).toContain(name);
      expect(error.message).not.toMatch(/[\r\n]/);
    });

    it('does not echo the value of a malformed DATABASE_URL, which may hold a password', () => {
      const error = configErrorOf(() => sut({ DATABASE_URL: 'mysql://admin:hunter2@db/x' }));

      expect(error.message).not.toContain('hunter2');
    });

    it('names every malformed variable in one line', () => {
      const error = configErrorOf(() => sut({ PORT: 'abc', LOG_LEVEL: 'loud', DB_POOL_SIZE: '0' }));

      expect(error.message).toContain('PORT');
      expect(error.message).toContain('LOG_LEVEL');
      expect(error.message).toContain('DB_POOL_SIZE');
      expect(error.message).not.toMatch(/[\r\n]/);
    });

    it('is an Error, so that it can be reported at start', () => {
      expect(configErrorOf(() => sut({ PORT: 'abc' }))).toBeInstanceOf(Error);
    });
  });
});

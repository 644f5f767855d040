/** The catalogue's fixed sentences, written out as the contract lists them. */
export const DESCRIPTIONS = {
  'SYS.1000': 'An internal error happened in system',
  'SYS.1001': 'A message or a operation timeout',
  'SYS.1003': 'A resource can not be found',
  'SYS.1006': 'An operation failed',
  'SYS.1007': 'One or more API argument is invalid',
  'ID.1000': 'Unable to authenticate a user',
  'ID.1001': 'The session is invalid, either wrong session id or the session has been expired',
} as const;

export type ZStackCode = keyof typeof DESCRIPTIONS;

/** The whole envelope an error must answer with. */
export const apiError = (code: ZStackCode, details: string) => ({
  error: {
    code,
    description: DESCRIPTIONS[code],
    details,
    elaboration: null,
    opaque: null,
    cause: null,
  },
});

export const invalid = (details: string) => apiError('SYS.1007', details);

export const SESSION_EXPIRED = apiError('ID.1001', 'Session expired');

export const ACCOUNT_DISABLED = apiError('SYS.1006', 'the account is disabled');

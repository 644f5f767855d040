/** The part of ZStack's error catalogue this service answers with. */
export enum ErrorCode {
  InternalError = 'SYS.1000',
  Timeout = 'SYS.1001',
  ResourceNotFound = 'SYS.1003',
  OperationFailure = 'SYS.1006',
  InvalidArgument = 'SYS.1007',
  AuthenticationFailure = 'ID.1000',
  InvalidSession = 'ID.1001',
}

export const ERROR_DESCRIPTIONS: Readonly<Record<ErrorCode, string>> = {
  [ErrorCode.InternalError]: 'An internal error happened in system',
  [ErrorCode.Timeout]: 'A message or a operation timeout',
  [ErrorCode.ResourceNotFound]: 'A resource can not be found',
  [ErrorCode.OperationFailure]: 'An operation failed',
  [ErrorCode.InvalidArgument]: 'One or more API argument is invalid',
  [ErrorCode.AuthenticationFailure]: 'Unable to authenticate a user',
  [ErrorCode.InvalidSession]:
    'The session is invalid, either wrong session id or the session has been expired',
};

import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';

export class UnregisteredStorageTypeException extends ZStackException {
  constructor(storageType: string) {
    super(ErrorCode.InternalError, `primary storage type ${storageType} is not registered`);
  }
}

import { Injectable, PipeTransform } from '@nestjs/common';

import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';
import { canonicalUuid, isZStackUuid } from '../common/uuid';

/** A session uuid from the path, in its canonical form. */
@Injectable()
export class SessionUuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isZStackUuid(value)) {
      throw new ZStackException(
        ErrorCode.InvalidArgument,
        'uuid is not a uuid of 32 hex characters',
      );
    }

    return canonicalUuid(value);
  }
}

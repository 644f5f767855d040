import { ValidationError } from 'class-validator';

import { ErrorCode } from './error-code';
import { ZStackException } from './zstack.exception';

/** Turns class-validator's findings into one SYS.1007, naming each field by its path. */
export function validationException(errors: ValidationError[]): ZStackException {
  const problems = errors.flatMap((error) => describe(error, ''));

  return new ZStackException(
    ErrorCode.InvalidArgument,
    problems.join('; ') || 'the request is invalid',
  );
}

function describe(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  // class-validator names the bare property in its messages; the full path replaces it.
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.includes(error.property)
      ? message.replace(error.property, path)
      : `${path}: ${message}`,
  );

  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}

import { ValidationPipe } from '@nestjs/common';

import { validationException } from '../errors/validation-exception.factory';

/**
 * The service's one way of checking a request against its DTO: class-validator
 * and class-transformer through Nest's ValidationPipe, unknown fields dropped,
 * and every finding answered as one SYS.1007.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: true,
    exceptionFactory: validationException,
  });
}

const pipe = createValidationPipe();

/**
 * A body checked and transformed as the global pipe checks a parameter typed
 * with `metatype`, for a handler that takes its failure as an outcome of its
 * own (a call answered as a job) rather than leaving it to the exception filter.
 */
export async function validatedBody<T extends object>(
  metatype: new () => T,
  body: unknown,
): Promise<T> {
  return (await pipe.transform(body, { type: 'body', metatype })) as T;
}

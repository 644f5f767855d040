import { HttpStatus } from '@nestjs/common';

import { json } from 'body-parser';
import { NextFunction, Request, RequestHandler, Response } from 'express';

import { ErrorCode } from '../errors/error-code';
import { ZStackException } from '../errors/zstack.exception';

import { keepRequestError } from './deferred-request-error';

/**
 * Parses every request body as JSON (body-parser), whatever its Content-Type,
 * as ZStack's clients do not all send one. A body that cannot be read is not
 * answered here: the failure is kept on the request and raised after the
 * session guard, so that a caller without a session learns nothing about it.
 */
export function deferredJsonBody(limitBytes: number): RequestHandler {
  const parse = json({ limit: limitBytes, type: () => true, strict: true });

  return (request: Request, response: Response, next: NextFunction) =>
    parse(request, response, (error?: unknown) => {
      const problem = error
        ? bodyError(error)
        : (notAnObject(request.body) ?? unstorableBody(request.body));

      if (problem) {
        keepRequestError(request, problem);
        request.body = undefined;
      }

      next();
    });
}

/**
 * Every body the service reads is a JSON object. body-parser's strict mode
 * refuses any other top level but an array; an array is refused here, alike.
 * An empty body is read as `{}`.
 */
function notAnObject(body: unknown): ZStackException | undefined {
  return Array.isArray(body) ? invalidBody('the request body is not a JSON object') : undefined;
}

/** Deeper than any ZStack body; deep nesting would only exhaust the validators' stack. */
const MAX_DEPTH = 32;

/**
 * Walks the parsed body without recursion: a body nested too deeply, or holding
 * a string Postgres cannot store (NUL, or half of a surrogate pair), is refused
 * here rather than failing deep inside validation or the database. Values and
 * their depths are kept in two stacks rather than one of pairs, and array
 * indexes (digits, always storable) are not visited, so that a list of 1,000
 * uuids costs no allocation per uuid.
 */
function unstorableBody(body: unknown): ZStackException | undefined {
  const values: unknown[] = [body];
  const depths: number[] = [0];

  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() ?? 0;

    if (typeof value === 'string' && (value.includes('\u0000') || !value.isWellFormed())) {
      return invalidBody('the request body holds a string with a NUL or an unpaired surrogate');
    }

    if (typeof value !== 'object' || value === null) {
      continue;
    }

    if (depth >= MAX_DEPTH) {
      return invalidBody(`the request body is nested deeper than ${MAX_DEPTH} levels`);
    }

    if (Array.isArray(value)) {
      for (const element of value as unknown[]) {
        values.push(element);
        depths.push(depth + 1);
      }

      continue;
    }

    for (const [key, child] of Object.entries(value)) {
      values.push(key, child);
      depths.push(depth + 1, depth + 1);
    }
  }

  return undefined;
}

function invalidBody(details: string): ZStackException {
  return new ZStackException(ErrorCode.InvalidArgument, details, HttpStatus.BAD_REQUEST);
}

function bodyError(error: unknown): ZStackException {
  const { type } = error as { type?: string };

  if (type === 'entity.too.large') {
    return new ZStackException(
      ErrorCode.InvalidArgument,
      'the request body is larger than the service accepts',
      HttpStatus.PAYLOAD_TOO_LARGE,
    );
  }

  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return invalidBody(
      'the request body is in an unsupported charset or encoding; send UTF-8 JSON',
    );
  }

  return invalidBody('the request body is not a JSON object');
}

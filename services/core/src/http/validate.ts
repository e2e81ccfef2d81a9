// Request-body validation with the contracts: 422 where Harbor's framework rejects a value (wrong type,
// over a swagger length), 400 where its handler does.
import express, { type RequestHandler } from 'express';
import type { z } from 'zod';
import { isStorableJson } from '@harbor/db';
import { harborValidationStatus } from '@harbor/contracts';
import { ApiError } from './errors.js';

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const message = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new ApiError(harborValidationStatus(result.error, body) === 422 ? 'UNPROCESSABLE_ENTITY' : 'BAD_REQUEST', message);
  }
  return result.data;
}

/**
 * A JSON body parser that also refuses strings the database cannot store (NUL, lone surrogates) with a
 * 400 before any handler sees them.
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [
    express.json({ limit }),
    (req, _res, next) => next(isStorableJson(req.body) ? undefined : new ApiError('BAD_REQUEST', 'the request contains characters that cannot be stored')),
  ];
}

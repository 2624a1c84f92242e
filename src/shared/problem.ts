import { z } from 'zod';

/** RFC 9457 problem details, as every error of the API is sent. */
export const fieldError = z.object({ path: z.string(), message: z.string(), code: z.string().optional() });
export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    errors: z.array(fieldError).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problem>;
export type FieldError = z.infer<typeof fieldError>;

export const problemContentType = 'application/problem+json';

export function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && 'status' in x && 'title' in x && 'type' in x;
}

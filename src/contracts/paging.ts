import { z } from 'zod';

export const param = z.string().trim().min(1).max(100);

export const pagingSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('offset'),
    offset_param: param.default('offset'),
    limit_param: param.default('limit'),
    limit: z.number().int().min(1).max(10_000).default(100),
  }),
  z.strictObject({
    type: z.literal('cursor'),
    cursor_param: param,
    next_cursor_path: param,
  }),
  z.strictObject({ type: z.literal('link_header') }),
  z
    .strictObject({
      type: z.literal('page'),
      page_param: param.default('page'),
      limit_param: param.optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    })
    .refine((paging) => (paging.limit_param === undefined) === (paging.limit === undefined), {
      path: ['limit'],
      error: 'give limit_param and limit together, or neither',
    }),
  z.strictObject({
    type: z.literal('cursor_from_last_record'),
    cursor_param: param,
    cursor_field: param,
  }),
  z.strictObject({ type: z.literal('next_url'), next_url_path: param }),
]);

export type Paging = z.infer<typeof pagingSchema>;

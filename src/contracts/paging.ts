import { z } from 'zod';

const param = z.string().trim().min(1).max(100);

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
]);

export type Paging = z.infer<typeof pagingSchema>;

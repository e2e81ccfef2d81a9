// The body of POST /labels and PUT /labels/{label_id} (the swagger reuses `Label`, see artifact.ts).
// Only JSON types are checked here (a wrong type is go-swagger's 422); Harbor's handler checks the
// values — name 1–128 bytes, scope `g` or `p`, a project for `p` — after the permission check (400).
import { z } from 'zod';
import { IntSchema, byteLength, dropNulls } from './common.js';

export const LABEL_SCOPES = ['g', 'p'] as const;
export type LabelScope = (typeof LABEL_SCOPES)[number];

export const LABEL_NAME_MAX_BYTES = 128;
/** The harbor_label.color column's width. */
export const LABEL_COLOR_MAX_LENGTH = 16;

export const LabelReqSchema = z.preprocess(
  dropNulls,
  z.object({
    id: IntSchema.optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    color: z.string().optional(),
    scope: z.string().optional(),
    project_id: IntSchema.optional(),
    creation_time: z.string().optional(),
    update_time: z.string().optional(),
  }),
);
export type LabelReq = z.infer<typeof LabelReqSchema>;

/** Harbor's Label.Valid rule for names, in bytes as Go counts them. */
export function isValidLabelName(name: string): boolean {
  const n = byteLength(name);
  return n > 0 && n <= LABEL_NAME_MAX_BYTES;
}

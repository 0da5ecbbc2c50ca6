import { z } from 'zod';

export const layoutNameSchema = z
  .string()
  .min(1, 'required')
  .max(64, 'at most 64 characters')
  .regex(/^[\w .-]+$/, 'letters, digits, space, dot, dash or underscore');

/** A docking layout as the docking library serialises it: JSON, opaque to main. */
export const layoutSchema = z.json();
export type Layout = z.infer<typeof layoutSchema>;

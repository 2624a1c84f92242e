import type { Ctx } from '../../http/context.ts';
import { auditLog } from './system.schema.ts';

/** Records an admin or security action. `details` must not hold secrets or personal data of erased records. */
export async function audit(
  ctx: Pick<Ctx, 'db' | 'user'>,
  action: string,
  targetType: string,
  targetId: string | null,
  details: Record<string, unknown> = {},
) {
  await ctx.db.insert(auditLog).values({
    actorId: ctx.user.via === 'system' ? null : ctx.user.id,
    action,
    targetType,
    targetId,
    details,
  });
}

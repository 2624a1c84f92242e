import { and, eq, sql } from 'drizzle-orm';
import type { CreatePaymentInput, PaymentDto } from '../../../shared/invoices.ts';
import { toMajorString } from '../../../shared/money.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { recordHistoryEntry } from '../history/index.ts';
import { invoices, payments } from './invoices.schema.ts';
import { loadPayments, settle } from './invoices.service.ts';

/**
 * Records a payment against an invoice. The invoice row is locked first, so two payments arriving together
 * queue: the second sees the first one's amount and an over-payment is refused, never half-recorded.
 * A repeat of the same (`source`, `externalId`) returns the first payment (`created: false`).
 */
export async function recordPayment(
  ctx: Ctx,
  invoiceId: string,
  input: CreatePaymentInput,
): Promise<{ payment: PaymentDto; created: boolean }> {
  const actor = ctx.user.via === 'system' ? null : ctx.user.id;
  const outcome = await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
    if (!locked) throw notFound('invoice');
    if (input.source && input.externalId) {
      const [first] = await tx
        .select({ id: payments.id, invoiceId: payments.invoiceId })
        .from(payments)
        .where(and(eq(payments.source, input.source), eq(payments.externalId, input.externalId)));
      if (first) {
        if (first.invoiceId !== invoiceId)
          throw new AppError('payment_external_id_conflict', {
            status: 409,
            detail: 'A payment with this source and external id was recorded against another invoice.',
            errors: [{ path: 'externalId', message: 'Already used for another invoice' }],
          });
        return { id: first.id, created: false };
      }
    }
    if (locked.kind !== 'invoice')
      throw new AppError('not_payable', {
        status: 409,
        detail: 'A credit note is not paid; refund it instead.',
      });
    if (locked.status === 'void')
      throw new AppError('invoice_void', { status: 409, detail: 'This invoice is void.' });
    if (input.currency && input.currency !== locked.currency)
      throw invalid([{ path: 'currency', message: `The invoice is in ${locked.currency}` }]);
    const [row] = await tx
      .execute<{ c: string }>(
        sql`select coalesce(-sum(gross), 0)::text as c from ${invoices} where credited_invoice_id = ${locked.id} and status <> 'void'`,
      )
      .then((r) => r.rows);
    const open = locked.gross - locked.paid - Number(row?.c ?? 0);
    if (input.amount > open)
      throw new AppError('overpayment', {
        status: 422,
        detail:
          open > 0
            ? `Only ${toMajorString(open, locked.currency)} ${locked.currency} is still to be paid on ${locked.number}.`
            : `${locked.number} is already paid.`,
        errors: [{ path: 'amount', message: 'More than the open balance' }],
        extra: { openBalance: Math.max(open, 0) },
      });
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : ctx.now();
    const [created] = await tx
      .insert(payments)
      .values({
        invoiceId,
        amount: input.amount,
        currency: locked.currency,
        receivedAt,
        method: input.method,
        reference: input.reference ?? null,
        source: input.source ?? null,
        externalId: input.externalId ?? null,
        createdById: actor,
        createdAt: ctx.now(),
      })
      .returning({ id: payments.id });
    const paid = locked.paid + input.amount;
    const next = await settle(tx, locked, paid, receivedAt, ctx.now());
    await recordHistoryEntry(tx, ctx, 'invoice', invoiceId, 'update', [
      { field: 'paid', old: locked.paid, new: paid },
      ...(next.status !== locked.status ? [{ field: 'status', old: locked.status, new: next.status }] : []),
    ]);
    return { id: created!.id, created: true };
  });
  const [payment] = await loadPayments(ctx.db, eq(payments.id, outcome.id));
  return { payment: payment!, created: outcome.created };
}

export async function getPayment(ctx: Ctx, id: string): Promise<PaymentDto> {
  const [payment] = await loadPayments(ctx.db, eq(payments.id, id));
  if (!payment) throw notFound('payment');
  return payment;
}

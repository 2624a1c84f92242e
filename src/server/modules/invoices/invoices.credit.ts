import { asc, eq, sql } from 'drizzle-orm';
import type { CreateCreditNoteInput, InvoiceDetailDto } from '../../../shared/invoices.ts';
import { addDecimal, compareDecimal, normalizeDecimal, subtractDecimal } from '../../../shared/money.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { recordHistoryEntry } from '../history/index.ts';
import { orderLines } from '../orders/orders.schema.ts';
import { type DocLine, insertDocument, prorate } from './invoices.create.ts';
import { invoiceLines, invoices } from './invoices.schema.ts';
import { creditedByPosition, getInvoice, settle } from './invoices.service.ts';

const abs = (q: string) => normalizeDecimal(q.replace(/^-/, ''));

/**
 * A credit note for goods that came back: chosen quantities of an invoice's lines at the invoiced prices,
 * with negative amounts. Each line may be credited up to what was invoiced less earlier credit notes; the
 * order lines' `returned_quantity` grows in the same transaction, and the invoice's balance (and state)
 * follows: open balance = gross − paid − credited.
 */
export async function createCreditNote(
  ctx: Ctx,
  invoiceId: string,
  input: CreateCreditNoteInput,
): Promise<InvoiceDetailDto> {
  const id = await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
    if (!locked) throw notFound('invoice');
    if (locked.kind !== 'invoice')
      throw new AppError('not_creditable', { status: 409, detail: 'Only an invoice can be credited.' });
    if (locked.status === 'void')
      throw new AppError('invoice_void', { status: 409, detail: 'A void invoice cannot be credited.' });
    const lines = await tx
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, invoiceId))
      .orderBy(asc(invoiceLines.position));
    const byId = new Map(lines.map((l) => [l.id, l]));
    const already = await creditedByPosition(tx, invoiceId);
    const seen = new Set<string>();
    const docLines: DocLine[] = input.lines.map((pick, i) => {
      const line = byId.get(pick.invoiceLineId);
      if (!line) throw invalid([{ path: `lines.${i}.invoiceLineId`, message: 'Not a line of this invoice' }]);
      if (seen.has(line.id)) throw invalid([{ path: `lines.${i}.invoiceLineId`, message: 'Chosen twice' }]);
      seen.add(line.id);
      const invoiced = normalizeDecimal(line.quantity);
      const credited = already.get(line.position)?.quantity ?? '0';
      const left = subtractDecimal(invoiced, credited);
      if (compareDecimal(pick.quantity, left) > 0)
        throw invalid([
          {
            path: `lines.${i}.quantity`,
            message:
              compareDecimal(left, '0') <= 0
                ? 'This line is already fully credited'
                : `At most ${left} can be credited`,
          },
        ]);
      let discountAmount = line.discountAmount;
      if (discountAmount) {
        // Like partial invoices: shares in proportion, the last part takes the rest.
        const completes = compareDecimal(addDecimal(credited, pick.quantity), invoiced) >= 0;
        discountAmount = completes
          ? discountAmount - (already.get(line.position)?.discount ?? 0)
          : prorate(discountAmount, pick.quantity, invoiced);
      }
      return {
        position: line.position,
        orderLineId: line.orderLineId,
        productId: line.productId,
        sku: line.sku,
        description: line.description,
        quantity: pick.quantity,
        unitPrice: line.unitPrice,
        discountPercent: line.discountPercent === null ? null : normalizeDecimal(line.discountPercent),
        discountAmount,
        taxRate: normalizeDecimal(line.taxRate),
        unitCost: line.unitCost,
      };
    });
    const doc = await insertDocument(
      tx,
      ctx,
      {
        kind: 'credit_note',
        orderId: locked.orderId,
        creditedInvoiceId: locked.id,
        contactId: locked.contactId,
        companyId: locked.companyId,
        ownerId: locked.ownerId,
        currency: locked.currency,
        language: locked.language,
        issuedOn: input.issuedOn ?? ctx.now().toISOString().slice(0, 10),
        paymentTermsDays: 0,
        note: input.reason,
        billingAddress: locked.billingAddress,
      },
      docLines,
    );
    for (const l of docLines)
      if (l.orderLineId)
        await tx
          .update(orderLines)
          .set({ returnedQuantity: sql`${orderLines.returnedQuantity} + ${abs(l.quantity)}::numeric` })
          .where(eq(orderLines.id, l.orderLineId));
    await settle(tx, locked, locked.paid, ctx.now(), ctx.now());
    return doc.id;
  });
  return getInvoice(ctx, id);
}

/**
 * Voids an invoice without payments or live credit notes (its ordered quantities become invoiceable again),
 * or a credit note (its returned quantities and the credited invoice's balance are put back). Nothing is
 * deleted: the number stays taken and the document readable, marked void with the reason.
 */
export async function voidInvoice(ctx: Ctx, id: string, reason: string): Promise<InvoiceDetailDto> {
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(invoices).where(eq(invoices.id, id)).for('update');
    if (!locked) throw notFound('invoice');
    if (locked.status === 'void')
      throw new AppError('invoice_void', { status: 409, detail: 'Already void.' });
    if (locked.kind === 'invoice') {
      if (locked.paid > 0)
        throw new AppError('invoice_has_payments', {
          status: 409,
          detail: 'An invoice with payments cannot be voided; issue a credit note instead.',
        });
      const [notes] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(invoices)
        .where(sql`${invoices.creditedInvoiceId} = ${id} and ${invoices.status} <> 'void'`);
      if ((notes?.n ?? 0) > 0)
        throw new AppError('invoice_has_credit_notes', {
          status: 409,
          detail: 'Void its credit notes first.',
        });
    }
    const lines = await tx
      .select({ orderLineId: invoiceLines.orderLineId, quantity: invoiceLines.quantity })
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, id));
    const column = locked.kind === 'invoice' ? orderLines.invoicedQuantity : orderLines.returnedQuantity;
    for (const l of lines)
      if (l.orderLineId)
        await tx
          .update(orderLines)
          .set({
            [locked.kind === 'invoice' ? 'invoicedQuantity' : 'returnedQuantity']:
              sql`greatest(${column} - ${abs(l.quantity)}::numeric, 0)`,
          })
          .where(eq(orderLines.id, l.orderLineId));
    const now = ctx.now();
    await tx
      .update(invoices)
      .set({
        status: 'void',
        voidedAt: now,
        voidReason: reason,
        version: sql`${invoices.version} + 1`,
        updatedAt: now,
      })
      .where(eq(invoices.id, id));
    await recordHistoryEntry(tx, ctx, 'invoice', id, 'update', [
      { field: 'status', old: locked.status, new: 'void' },
      { field: 'voidReason', old: null, new: reason },
    ]);
    if (locked.kind === 'credit_note' && locked.creditedInvoiceId) {
      const [credited] = await tx
        .select()
        .from(invoices)
        .where(eq(invoices.id, locked.creditedInvoiceId))
        .for('update');
      if (credited && credited.status !== 'void') await settle(tx, credited, credited.paid, now, now);
    }
  });
  return getInvoice(ctx, id);
}

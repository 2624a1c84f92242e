import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeUser, silentLog, testConfig, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';
import { startSmtp } from '../../../../tests/helpers/smtp.ts';
import { MovableClock } from '../../clock.ts';
import { systemCtx } from '../../http/context.ts';
import { nextDocumentNumber } from '../numbering/index.ts';
import { outboundMails } from './mail.schema.ts';
import { deliverQueued, MAX_ATTEMPTS, queueMail } from './mail.service.ts';
import { mailSweep } from './mail.sweep.ts';

describeEachDb('mail outbox', (getDb) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const clock = new MovableClock();
  clock.set(new Date('2026-11-23T10:00:00Z'));
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
  });
  const ctx = (smtpUrl: string | null = smtp.url) =>
    systemCtx(
      getDb(),
      testConfig({ clock, mail: { smtpUrl, from: 'Rapport <crm@example.test>' } }),
      silentLog,
    );

  it('sends a queued mail once, with its attachment, only after the transaction commits', async () => {
    const before = smtp.messages.length;
    await getDb()
      .db.transaction(async (tx) => {
        await queueMail(tx, {
          to: ['rolled@example.test'],
          subject: 'never',
          text: 'x',
          sendAfter: clock.now(),
        });
        throw new Error('rollback');
      })
      .catch(() => {});
    const { id } = await queueMail(getDb().db, {
      to: ['søren@example.test'],
      subject: 'Tilbud Q-2026-0001',
      text: 'Hej Søren',
      attachments: [
        { filename: 'Q-2026-0001.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7') },
      ],
      dedupeKey: `test:${Math.random()}`,
      sendAfter: clock.now(),
    });
    expect(await mailSweep.run(ctx())).toBe(1);
    expect(await mailSweep.run(ctx())).toBe(0);
    const mails = await smtp.waitFor(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe('Tilbud Q-2026-0001');
    expect(mail.text?.trim()).toBe('Hej Søren');
    expect(mail.attachments[0]?.filename).toBe('Q-2026-0001.pdf');
    expect(mail.attachments[0]?.content.toString()).toBe('%PDF-1.7');
    expect(mail.messageId).toBe(`<${id}@rapport>`);
    expect(smtp.messages.some((m) => m.subject === 'never')).toBe(false);
    const [row] = await getDb().db.select().from(outboundMails).where(eq(outboundMails.id, id));
    expect(row?.status).toBe('sent');
    expect(row?.attachments).toEqual([]);
  });

  it('queues one mail per dedupe key', async () => {
    const key = `once:${Math.random()}`;
    const a = await queueMail(getDb().db, {
      to: ['a@example.test'],
      subject: 's',
      text: 't',
      dedupeKey: key,
      sendAfter: clock.now(),
    });
    const b = await queueMail(getDb().db, {
      to: ['a@example.test'],
      subject: 's',
      text: 't',
      dedupeKey: key,
      sendAfter: clock.now(),
    });
    expect(b).toEqual({ id: a.id, queued: false });
    await deliverQueued(ctx());
  });

  it('keeps mail queued without SMTP, and retries a failing server with back-off until it gives up', async () => {
    const { id } = await queueMail(getDb().db, {
      to: ['b@example.test'],
      subject: 'later',
      text: 't',
      sendAfter: clock.now(),
    });
    expect(await deliverQueued(ctx(null))).toBe(0);
    // a port nobody listens on
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverQueued(ctx('smtp://127.0.0.1:1'));
      clock.set(new Date(clock.now().getTime() + 2 ** i * 60_000 + 1000));
    }
    const [row] = await getDb().db.select().from(outboundMails).where(eq(outboundMails.id, id));
    expect(row?.status).toBe('failed');
    expect(row?.attempts).toBe(MAX_ATTEMPTS);
    expect(row?.lastError).toBeTruthy();
  });
});

describeEachDb('document numbers', (getDb) => {
  it('are gapless per kind and year, and a rollback gives the number back', async () => {
    const db = getDb().db;
    const at = new Date('2031-03-01T00:00:00Z');
    expect(await nextDocumentNumber(db, 'quote', at)).toBe('Q-2031-0001');
    await db
      .transaction(async (tx) => {
        await nextDocumentNumber(tx, 'quote', at);
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await nextDocumentNumber(db, 'quote', at)).toBe('Q-2031-0002');
    expect(await nextDocumentNumber(db, 'invoice', at)).toBe('INV-2031-0001');
    expect(await nextDocumentNumber(db, 'quote', new Date('2032-01-01T00:00:00Z'))).toBe('Q-2032-0001');
  });

  it('never hands one number out twice under concurrency', async () => {
    const at = new Date('2033-01-01T00:00:00Z');
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () => getDb().db.transaction((tx) => nextDocumentNumber(tx, 'order', at))),
    );
    expect(new Set(numbers).size).toBe(20);
  });
});

describeEachDb('mail status route', (getDb) => {
  const app = useApp(getDb, {
    mail: { smtpUrl: 'smtp://user:s3cret@127.0.0.1:2525', from: 'Shop <a@b.test>' },
  });
  it('says whether mail is configured, never the SMTP URL or its password', async () => {
    const viewer = await makeUser(getDb(), 'viewer');
    const res = await app().inject({ method: 'GET', url: '/api/v1/mail/status', headers: viewer.auth });
    expect(res.json()).toEqual({ configured: true, from: 'Shop <a@b.test>' });
    expect(res.body).not.toContain('s3cret');
  });
});

import ICAL from 'ical.js';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

type Event = { id: string; title: string; startsAt: string; endsAt: string; version: number; icsUid: string };

/** "2026-11-26 14:00" in Copenhagen, the browser's zone in these tests. */
const local = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Copenhagen',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

/** The point of a week-view slot: the day's column, the slot's row, `dy` pixels below its top. */
async function slot(page: Page, date: string, time: string, dy = 4) {
  const row = page.locator(`td.fc-timegrid-slot-lane[data-time="${time}"]`);
  await row.scrollIntoViewIfNeeded();
  const col = (await page.locator(`td.fc-timegrid-col[data-date="${date}"]`).boundingBox())!;
  const r = (await row.boundingBox())!;
  return { x: col.x + col.width / 2, y: r.y + dy };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 3, from.y + 8, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 20 });
  await page.mouse.up();
}

/** Drags an event by its middle (its top and bottom edges resize it) so that its start lands on `to`. */
async function dragEvent(page: Page, el: Locator, to: { x: number; y: number }) {
  const box = (await el.boundingBox())!;
  const grab = box.height / 2;
  await drag(page, { x: box.x + box.width / 2, y: box.y + grab }, { x: to.x, y: to.y + grab });
}

/**
 * The calendar as a person uses it: select a free range in the week view to create a meeting, drag it to
 * another day and time (and see a stale drag refused), subscribe to the feed and read it with an ICS
 * parser, and give a past meeting's outcome so it lands on the contact's timeline.
 */
describeE2E('calendar in the browser', ['main'], (env) => {
  it('creates, drags and subscribes; a past meeting’s outcome reaches the timeline', async () => {
    const { url } = env().server('main');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, {
      language: 'en',
      viewport: { width: 1400, height: 1000 },
    });
    await signIn(context);
    const contact = (await apiAs(context, 'POST', '/contacts', {
      firstName: 'Ingrid',
      lastName: 'Østergaard',
      emails: [{ address: 'ingrid@example.test' }],
    })) as { id: string };
    await context.addInitScript(() => {
      localStorage.setItem('rapport.calendar.view', JSON.stringify('week'));
      localStorage.setItem('rapport.calendar.who', JSON.stringify('mine'));
    });

    await page.goto('/calendar');
    await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
    const days = page.locator('td.fc-timegrid-col[data-date]');
    await days.nth(6).waitFor();
    const wednesday = (await days.nth(2).getAttribute('data-date'))!;
    const thursday = (await days.nth(3).getAttribute('data-date'))!;

    // Select Wednesday 10:00–11:00: the new-event form opens with that time.
    await drag(page, await slot(page, wednesday, '10:00:00'), await slot(page, wednesday, '10:30:00', 20));
    const form = page.getByRole('dialog', { name: 'New event' });
    await form.waitFor();
    await form.getByLabel('Title').fill('Pricing meeting with Ingrid');
    await form.getByLabel('About contact').fill('Østergaard');
    await page.getByRole('option', { name: /Ingrid Østergaard/ }).click();
    await form.getByLabel('Title').press('Control+Enter');
    await form.waitFor({ state: 'hidden' });
    const chip = page.locator('.fc-event', { hasText: 'Pricing meeting with Ingrid' });
    await chip.waitFor();
    const list = (await apiAs(
      context,
      'GET',
      `/events?from=${wednesday}T00:00:00Z&to=${thursday}T23:59:00Z&mine=true`,
    )) as {
      data: Event[];
    };
    const created = list.data.find((e) => e.title === 'Pricing meeting with Ingrid')!;
    expect([local(created.startsAt), local(created.endsAt)]).toEqual([
      `${wednesday} 10:00`,
      `${wednesday} 11:00`,
    ]);

    // Drag it to Thursday 14:00: saved at once with its version.
    await dragEvent(page, chip, await slot(page, thursday, '14:00:00', 1));
    await page.getByText(/“Pricing meeting with Ingrid” moved to/).waitFor();
    const moved = (await apiAs(context, 'GET', `/events/${created.id}`)) as Event;
    expect([local(moved.startsAt), local(moved.endsAt)]).toEqual([`${thursday} 14:00`, `${thursday} 15:00`]);
    expect(moved.version).toBe(created.version + 1);

    // Someone else changes it meanwhile: the next drag is refused (412), undone, and the calendar says so.
    await apiAs(context, 'PATCH', `/events/${created.id}`, { location: 'Room 2' });
    await page.waitForTimeout(300);
    await dragEvent(page, chip, await slot(page, thursday, '16:00:00', 1));
    await page.getByText('Changed by someone else').waitFor();
    const kept = (await apiAs(context, 'GET', `/events/${created.id}`)) as Event;
    expect(local(kept.startsAt)).toBe(`${thursday} 14:00`);

    // Subscribe: the address is shown once; a calendar app (here ical.js) reads the moved meeting from it.
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const feedDialog = page.getByRole('dialog', { name: 'Subscribe in Outlook, Google or Apple Calendar' });
    await feedDialog.getByRole('button', { name: 'Create address' }).click();
    const feedUrl = (await feedDialog.getByTestId('feed-url').innerText()).trim();
    expect(feedUrl).toMatch(/\/api\/v1\/calendar-feed\/[A-Za-z0-9_-]{43}\.ics$/);
    const res = await fetch(feedUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const root = new ICAL.Component(ICAL.parse(await res.text()) as never);
    const vevent = root
      .getAllSubcomponents('vevent')
      .find((v) => v.getFirstPropertyValue('uid') === created.icsUid)!;
    const parsed = new ICAL.Event(vevent);
    expect(parsed.summary).toBe('Pricing meeting with Ingrid');
    expect(parsed.location).toBe('Room 2');
    expect(parsed.startDate.toJSDate().toISOString()).toBe(new Date(kept.startsAt).toISOString());
    expect(parsed.attendees).toHaveLength(0);
    expect(String(parsed.organizer)).toBe('mailto:ada.admin@example.test');
    await feedDialog.getByRole('button', { name: 'Close' }).click();

    // A meeting that took place yesterday asks for its outcome; the answer lands on Ingrid's timeline.
    const yesterday = new Date(Date.now() - 86_400_000);
    yesterday.setUTCHours(9, 0, 0, 0);
    await apiAs(context, 'POST', '/events', {
      title: 'Showroom visit',
      startsAt: yesterday.toISOString(),
      endsAt: new Date(yesterday.getTime() + 45 * 60_000).toISOString(),
      contactId: contact.id,
    });
    await page.reload();
    // The prompt above the calendar, and the list beside it.
    await page
      .getByRole('status')
      .filter({ hasText: /waiting for (its|their) outcome/ })
      .waitFor();
    const waiting = page.getByRole('button', { name: 'Log outcome: Showroom visit' });
    await waiting.click();
    const outcome = page.getByRole('dialog', { name: 'How did it go?' });
    await outcome.getByLabel('Outcome').fill('Wants 12 display bikes');
    await outcome.getByLabel('Notes').fill('Liked the cargo model.');
    await outcome.getByRole('button', { name: 'Log on the timeline' }).click();
    await page.getByText('Logged on the timeline of Ingrid Østergaard').waitFor();
    await waiting.waitFor({ state: 'detached' });

    await page.goto(`/contacts/${contact.id}`);
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const item = page.getByTestId('timeline-interaction').filter({ hasText: 'Showroom visit' });
    await item.getByText('Outcome: Wants 12 display bikes').waitFor();
    await item.getByText('Liked the cargo model.').waitFor();
    await context.close();
  });
});

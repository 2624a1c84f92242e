import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

type Task = { id: string; title: string; status: string; dueAt: string | null; remindAt: string | null };

/**
 * Tasks as a person uses them: create one with a reminder in the form, let the (test) clock run past the
 * reminder and find it in the notification centre; tick a task off with one key and see it leave "My tasks".
 * The server sweeps every second and its clock can be moved (`PUT /api/v1/test/clock`).
 */
describeE2E(
  'tasks in the browser',
  [{ name: 'app', env: { NODE_ENV: 'test', RAPPORT_TEST_CLOCK: 'true', RAPPORT_SWEEP_SECONDS: '1' } }],
  (env) => {
    it('creates a task with a reminder, receives the reminder at its time, and completes a task with x', async () => {
      const { url } = env().server('app');
      await ensureAdmin(url);
      const { context, page } = await newPage(env().browser, url, { language: 'en' });
      await signIn(context);
      const contact = (await apiAs(context, 'POST', '/contacts', {
        firstName: 'Mette',
        lastName: 'Kjær',
      })) as { id: string };
      const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString();
      await apiAs(context, 'POST', '/tasks', { title: 'Order the spring catalogue', dueAt: inThreeDays });

      await page.goto('/tasks');
      await page.getByRole('heading', { name: 'Tasks' }).waitFor();
      await page.getByRole('row', { name: /Order the spring catalogue/ }).waitFor();

      // `n` opens the form: a title, due tomorrow (09:00), reminded 15 minutes before, about Mette.
      await page.keyboard.press('n');
      const form = page.getByRole('dialog', { name: 'New task' });
      await form.waitFor();
      await form.getByLabel('Title').fill('Send the quote to Mette');
      await form.getByText('Tomorrow', { exact: true }).click();
      expect(await form.getByRole('checkbox', { name: 'Tomorrow' }).isChecked()).toBe(true);
      await form.getByRole('textbox', { name: 'Reminder' }).click();
      await page.getByRole('option', { name: '15 minutes before' }).click();
      await form.getByRole('textbox', { name: 'Contact or company' }).fill('Mette');
      await page.getByRole('option', { name: /Mette Kjær/ }).click();
      await form.getByRole('button', { name: 'Create task' }).click();
      await form.waitFor({ state: 'hidden' });
      const row = page.getByRole('row', { name: /Send the quote to Mette/ });
      await row.waitFor();
      await row.getByText(/Tomorrow, /).waitFor();
      await row.getByRole('link', { name: 'Mette Kjær' }).waitFor();

      const mine = (await apiAs(context, 'GET', '/tasks?view=mine')) as { data: Task[] };
      const created = mine.data.find((t) => t.title === 'Send the quote to Mette')!;
      // 09:00 in the browser's time zone (the e2e browser lives in Copenhagen).
      const hour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', timeZone: 'Europe/Copenhagen' });
      expect(hour.format(new Date(created.dueAt!))).toBe('09');
      expect(Date.parse(created.dueAt!) - Date.parse(created.remindAt!)).toBe(15 * 60_000);

      // Nothing yet; then the clock moves past the reminder, and the sweep sends it.
      expect(await page.getByRole('button', { name: 'Notifications', exact: true }).count()).toBe(1);
      await apiAs(context, 'PUT', '/test/clock', {
        now: new Date(Date.parse(created.remindAt!) + 60_000).toISOString(),
      });
      const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
      for (let i = 0; i < 20 && !(await bell.count()); i++) {
        await page.waitForTimeout(500);
        await page.reload();
        await page.getByRole('heading', { name: 'Tasks' }).waitFor();
      }
      await bell.click();
      await page.getByText('Task reminder').waitFor();
      await page.getByText('Send the quote to Mette', { exact: true }).last().click();
      const opened = page.getByRole('dialog', { name: 'Edit task' });
      await opened.waitFor();
      expect(await opened.getByLabel('Title').inputValue()).toBe('Send the quote to Mette');
      await opened.getByRole('button', { name: 'Cancel' }).click();
      await opened.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

      // One key: `j` moves to the second task, `x` completes it, and it leaves "My tasks".
      const other = page.getByRole('row', { name: /Order the spring catalogue/ });
      await other.waitFor();
      await page.locator('body').click({ position: { x: 5, y: 600 } });
      await page.keyboard.press('j');
      await page.keyboard.press('x');
      await other.waitFor({ state: 'detached' });
      await page.getByText('Task completed').waitFor();
      await page.getByRole('row', { name: /Send the quote to Mette/ }).waitFor();
      const after = (await apiAs(context, 'GET', '/tasks?view=done')) as { data: Task[] };
      expect(after.data.map((t) => t.title)).toEqual(['Order the spring catalogue']);
      await page.reload();
      await page.getByRole('row', { name: /Send the quote to Mette/ }).waitFor();
      expect(await page.getByRole('row', { name: /Order the spring catalogue/ }).count()).toBe(0);

      // It is under "Done", and on Mette's page the open task is listed.
      await page.getByText('Done', { exact: true }).click();
      await page.getByRole('row', { name: /Order the spring catalogue/ }).waitFor();
      await page.goto(`/contacts/${contact.id}`);
      await page.getByRole('list', { name: 'Tasks' }).getByText('Send the quote to Mette').waitFor();
      await context.close();
    });
  },
);

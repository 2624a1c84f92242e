import { expect, it } from 'vitest';
import { describeE2E } from './e2e-suite.ts';
import { apiAs, ensureAdmin, newPage, signIn } from './helpers.ts';

type Contact = {
  id: string;
  firstName: string;
  lastName: string;
  deletedAt: string | null;
  emails: unknown[];
};

/**
 * Merging duplicates as a user does it: the duplicates page lists a pair found by e-mail, the side-by-side
 * merge takes the first name from the other record, the survivor shows the result with the other's
 * interaction on it, and Undo (from the recent merges list) brings both back as they were.
 */
describeE2E('merging duplicates in the browser', ['main'], (env) => {
  it('merges a pair from the duplicates page choosing a field from the other record, then undoes it', async () => {
    const { url } = env().server('main');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const company = (await apiAs(context, 'POST', '/companies', { name: 'Søholm Bryggeri ApS' })) as {
      id: string;
    };
    const kept = (await apiAs(context, 'POST', '/contacts?allowDuplicate=true', {
      firstName: 'Jon',
      lastName: 'Søholm',
      companyId: company.id,
      emails: [{ address: 'jon@soeholm.test' }],
    })) as Contact;
    const other = (await apiAs(context, 'POST', '/contacts?allowDuplicate=true', {
      firstName: 'Jonathan',
      lastName: 'Søholm',
      jobTitle: 'Brewer',
      emails: [{ address: 'JON@soeholm.test' }, { address: 'jonathan@home.test', label: 'home' }],
    })) as Contact;
    await apiAs(context, 'POST', '/interactions', {
      channel: 'phone',
      direction: 'in',
      contactId: other.id,
      subject: 'Asked about the winter ale',
    });

    await page.goto('/duplicates');
    await page.getByRole('heading', { name: 'Duplicates' }).waitFor();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const table = page.getByRole('table', { name: 'Duplicates' });
    const row = table.getByRole('row').filter({ hasText: 'Jonathan Søholm' });
    await row.getByText('Same e-mail jon@soeholm.test').waitFor();
    expect(await row.textContent()).toContain('95');
    await row.getByRole('button', { name: /^Merge / }).click();

    await page.getByRole('heading', { name: 'Merge duplicates' }).waitFor();
    // Keep Jon; swap the sides if the pair came the other way round.
    if (new URL(page.url()).searchParams.get('keep') !== kept.id) {
      await page.getByRole('button', { name: 'Keep the other record instead' }).click();
      await page.waitForURL((u) => u.searchParams.get('keep') === kept.id);
    }
    await page.getByText('Interactions: 1').waitFor();
    await page.getByRole('radio', { name: 'First name from Jonathan Søholm' }).check();
    expect(await page.getByTestId('result-firstName').textContent()).toBe('Jonathan');
    // Job title is empty on the kept record: the other's is taken by default; e-mails are united.
    expect(await page.getByTestId('result-jobTitle').textContent()).toBe('Brewer');
    expect(await page.getByTestId('result-emails').textContent()).toContain('jonathan@home.test');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();

    await page.getByRole('heading', { name: 'Jonathan Søholm' }).waitFor();
    await page.getByText('Jonathan Søholm merged into Jonathan Søholm').waitFor();
    const merged = (await apiAs(context, 'GET', `/contacts/${kept.id}`)) as Contact & { jobTitle: string };
    expect(merged).toMatchObject({ firstName: 'Jonathan', jobTitle: 'Brewer' });
    expect(merged.emails).toHaveLength(2);
    const timeline = (await apiAs(context, 'GET', `/contacts/${kept.id}/timeline`)) as {
      data: { type: string }[];
    };
    expect(JSON.stringify(timeline.data)).toContain('Asked about the winter ale');
    const binned = (await apiAs(context, 'GET', `/contacts/${other.id}?includeDeleted=true`)) as Contact;
    expect(binned.deletedAt).not.toBeNull();

    // Undo from the recent merges on the duplicates page.
    await page.goto('/duplicates');
    await page
      .getByRole('button', { name: 'Undo the merge of Jonathan Søholm into Jonathan Søholm' })
      .click();
    await page.getByText('Merge undone: Jonathan Søholm is back').waitFor();
    await page.getByText('Undone', { exact: true }).waitFor();
    const restored = (await apiAs(context, 'GET', `/contacts/${kept.id}`)) as Contact & {
      jobTitle: string | null;
    };
    expect(restored).toMatchObject({ firstName: 'Jon', jobTitle: null });
    expect(restored.emails).toHaveLength(1);
    const back = (await apiAs(context, 'GET', `/contacts/${other.id}`)) as Contact;
    expect(back.deletedAt).toBeNull();
    await context.close();
  });

  it('merges a whole cluster of three at once from the duplicates page, then undoes it as one', async () => {
    const { url } = env().server('main');
    await ensureAdmin(url);
    const { context, page } = await newPage(env().browser, url, { language: 'en' });
    await signIn(context);
    const make = (body: object) =>
      apiAs(context, 'POST', '/contacts?allowDuplicate=true', body) as Promise<Contact>;
    const kept = await make({
      firstName: 'Signe',
      lastName: 'Holm',
      emails: [{ address: 'signe@holm.test' }],
    });
    const second = await make({
      firstName: 'S.',
      lastName: 'Holm',
      jobTitle: 'Brewer',
      emails: [{ address: 'SIGNE@holm.test' }],
      phones: [{ number: '+45 31 31 31 31' }],
    });
    const third = await make({
      firstName: 'Signe',
      lastName: 'Holmgaard',
      phones: [{ number: '31313131' }],
    });
    await apiAs(context, 'POST', '/interactions', {
      channel: 'email',
      direction: 'in',
      contactId: third.id,
      subject: 'Order of hops',
    });

    await page.goto('/duplicates');
    await page.getByRole('button', { name: 'Refresh' }).click();
    // The refresh runs as a job: the page polls it, then reloads the list with the group of three.
    await page.getByRole('button', { name: 'Merge all 3 records of this group' }).click();

    await page.getByRole('heading', { name: 'Merge 3 records' }).waitFor();
    expect(new URL(page.url()).searchParams.get('keep')).toBe(kept.id); // the oldest
    await page.getByText('Interactions: 1').waitFor();
    // Choosing another survivor and back.
    await page.getByRole('radio', { name: 'Keep Signe Holmgaard' }).check();
    await page.waitForURL((u) => u.searchParams.get('keep') === third.id);
    await page.getByRole('radio', { name: 'Keep Signe Holm', exact: true }).check();
    await page.waitForURL((u) => u.searchParams.get('keep') === kept.id);
    await page.getByRole('radio', { name: 'Last name from Signe Holmgaard' }).check();
    expect(await page.getByTestId('result-lastName').textContent()).toBe('Holmgaard');
    expect(await page.getByTestId('result-jobTitle').textContent()).toBe('Brewer');
    expect(await page.getByTestId('result-phones').textContent()).toContain('31');
    await page.getByRole('button', { name: 'Merge 3 records' }).click();

    await page.getByRole('heading', { name: 'Signe Holmgaard' }).waitFor();
    await page.getByText('2 records merged into Signe Holmgaard').waitFor();
    const merged = (await apiAs(context, 'GET', `/contacts/${kept.id}`)) as Contact & { jobTitle: string };
    expect(merged).toMatchObject({ firstName: 'Signe', lastName: 'Holmgaard', jobTitle: 'Brewer' });
    const timeline = (await apiAs(context, 'GET', `/contacts/${kept.id}/timeline`)) as { data: unknown[] };
    expect(JSON.stringify(timeline.data)).toContain('Order of hops');
    for (const x of [second, third]) {
      const binned = (await apiAs(context, 'GET', `/contacts/${x.id}?includeDeleted=true`)) as Contact;
      expect(binned.deletedAt).not.toBeNull();
    }

    await page.goto('/duplicates');
    await page
      .getByRole('button', { name: 'Undo the merge of S. Holm, Signe Holmgaard into Signe Holmgaard' })
      .click();
    await page.getByText('Merge undone: S. Holm, Signe Holmgaard is back').waitFor();
    const restored = (await apiAs(context, 'GET', `/contacts/${kept.id}`)) as Contact;
    expect(restored).toMatchObject({ firstName: 'Signe', lastName: 'Holm' });
    for (const x of [second, third]) {
      const back = (await apiAs(context, 'GET', `/contacts/${x.id}`)) as Contact;
      expect(back.deletedAt).toBeNull();
    }
    await context.close();
  });
});

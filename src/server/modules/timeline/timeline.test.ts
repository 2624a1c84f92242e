import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser, useApp } from '../../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../../tests/helpers/db.ts';

describeEachDb('timeline, notes and notifications', (getDb) => {
  const app = useApp(getDb);
  let admin: TestUser;
  let agent: TestUser;
  let colleague: TestUser;
  let viewer: TestUser;

  const req = (user: TestUser, method: string, url: string, payload?: unknown) =>
    app().inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: user.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = async (user: TestUser, method: string, url: string, payload?: unknown) => {
    const res = await req(user, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.statusCode === 204 ? null : res.json();
  };

  beforeAll(async () => {
    admin = await makeUser(getDb(), 'admin');
    agent = await makeUser(getDb(), 'agent', { name: 'Anna Agent' });
    colleague = await makeUser(getDb(), 'agent', { name: 'Carl Colleague' });
    viewer = await makeUser(getDb(), 'viewer');
  });

  type Item = { type: string; id: string; at: string };
  const walk = async (url: string, limit: number) => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Item[]; nextCursor: string | null } = await ok(
        viewer,
        'GET',
        `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  };

  it('merges interactions, notes and changes newest first and pages through them without gaps or repeats', async () => {
    const company = await ok(admin, 'POST', '/companies', { name: 'Fjord Fisk A/S' });
    const contact = await ok(admin, 'POST', '/contacts', {
      firstName: 'Sigrid',
      lastName: 'Holm',
      companyId: company.id,
    });
    const at = (m: number) => new Date(Date.UTC(2026, 5, 1, 9, m)).toISOString();
    // Two interactions share a timestamp: ties must page correctly.
    for (const [m, channel] of [
      [1, 'email'],
      [2, 'phone'],
      [2, 'meeting'],
      [3, 'shop'],
    ] as const)
      await ok(agent, 'POST', '/interactions', { channel, contactId: contact.id, occurredAt: at(m) });
    await ok(agent, 'POST', '/notes', { contactId: contact.id, body: '<p>Prefers calls before noon</p>' });
    await ok(admin, 'PATCH', `/contacts/${contact.id}`, { jobTitle: 'Buyer' });

    const all = await walk(`/contacts/${contact.id}/timeline`, 2);
    const kinds = all.map((i) => i.type);
    // The note and the change are from now; the interactions from June 2026, newest first.
    expect(kinds.slice(0, 3).sort()).toEqual(['change', 'change', 'note']); // create + update of the contact
    expect(all.filter((i) => i.type === 'interaction')).toHaveLength(4);
    expect(new Set(all.map((i) => `${i.type}:${i.id}`)).size).toBe(all.length);
    const times = all.map((i) => Date.parse(i.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(await walk(`/contacts/${contact.id}/timeline`, 1)).toEqual(all);

    // The company's timeline holds its people's interactions and notes, and its own changes.
    const companyItems = await walk(`/companies/${company.id}/timeline`, 50);
    expect(companyItems.filter((i) => i.type === 'interaction')).toHaveLength(4);
    expect(companyItems.filter((i) => i.type === 'note')).toHaveLength(1);

    // Filters: kinds, channels.
    const onlyNotes = await walk(`/contacts/${contact.id}/timeline?types=note`, 10);
    expect(onlyNotes.map((i) => i.type)).toEqual(['note']);
    const calls = (await ok(viewer, 'GET', `/contacts/${contact.id}/timeline?channel=phone,meeting`)).data;
    expect(calls.map((i: { interaction: { channel: string } }) => i.interaction.channel).sort()).toEqual([
      'meeting',
      'phone',
    ]);
  });

  it('refuses bad filters and cursors, and answers 404 for an unknown customer', async () => {
    const contact = await ok(admin, 'POST', '/contacts', { firstName: 'Bad', lastName: 'Input' });
    for (const q of ['types=orders', 'channel=pigeon', 'cursor=abc', 'limit=0', 'limit=101'])
      expect((await req(viewer, 'GET', `/contacts/${contact.id}/timeline?${q}`)).statusCode, q).toBe(400);
    expect(
      (await req(viewer, 'GET', '/contacts/00000000-0000-4000-8000-000000000000/timeline')).statusCode,
    ).toBe(404);
    expect((await app().inject({ url: `/api/v1/contacts/${contact.id}/timeline` })).statusCode).toBe(401);
  });

  describe('notes', () => {
    it('notifies a mentioned colleague once, not the author, and marks read', async () => {
      const contact = await ok(admin, 'POST', '/contacts', { firstName: 'Mention', lastName: 'Target' });
      const mention = (u: TestUser) => `<span data-mention="${u.id}">@someone</span>`;
      const note = await ok(agent, 'POST', '/notes', {
        contactId: contact.id,
        body: `<p>${mention(colleague)} ${mention(agent)} please call back <script>x()</script></p>`,
      });
      expect(note.mentions.sort()).toEqual([agent.id, colleague.id].sort());
      expect(note.body).not.toContain('script');

      const inbox = await ok(colleague, 'GET', '/notifications');
      const mine = inbox.data.filter((n: { linkId: string }) => n.linkId === contact.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        kind: 'mention',
        title: 'Anna Agent mentioned you in a note',
        linkType: 'contact',
        actorId: agent.id,
        actorName: 'Anna Agent',
        readAt: null,
      });
      expect(mine[0].body).toContain('please call back');
      expect(inbox.unread).toBeGreaterThanOrEqual(1);
      const own = (await ok(agent, 'GET', '/notifications')).data.filter(
        (n: { linkId: string }) => n.linkId === contact.id,
      );
      expect(own).toHaveLength(0);

      // Editing the note does not notify the same person twice.
      await ok(agent, 'PATCH', `/notes/${note.id}`, {
        body: `<p>${mention(colleague)} please call back today</p>`,
      });
      const again = (await ok(colleague, 'GET', '/notifications')).data.filter(
        (n: { linkId: string }) => n.linkId === contact.id,
      );
      expect(again).toHaveLength(1);

      // Another user cannot mark it read; its owner can.
      expect((await req(agent, 'POST', `/notifications/${mine[0].id}/read`)).statusCode).toBe(404);
      await ok(colleague, 'POST', `/notifications/${mine[0].id}/read`);
      const unread = (await ok(colleague, 'GET', '/notifications?unread=true')).data;
      expect(unread.map((n: { id: string }) => n.id)).not.toContain(mine[0].id);
    });

    it('lets only its author (or their team, or an admin) change it, and refuses empty ones', async () => {
      const contact = await ok(admin, 'POST', '/contacts', { firstName: 'Note', lastName: 'Owner' });
      const note = await ok(agent, 'POST', '/notes', { contactId: contact.id, body: 'Plain text is fine' });
      expect((await req(colleague, 'PATCH', `/notes/${note.id}`, { body: 'hijack' })).statusCode).toBe(403);
      expect((await req(viewer, 'POST', '/notes', { contactId: contact.id, body: 'x' })).statusCode).toBe(
        403,
      );
      const empty = await req(agent, 'POST', '/notes', {
        contactId: contact.id,
        body: '<script>alert(1)</script>',
      });
      expect(empty.statusCode).toBe(422);
      expect(empty.json().errors[0].path).toBe('body');
      expect((await req(agent, 'POST', '/notes', { body: 'about nobody' })).statusCode).toBe(400);
      await ok(admin, 'DELETE', `/notes/${note.id}`);
      expect((await req(viewer, 'GET', `/notes/${note.id}`)).statusCode).toBe(404);
    });
  });
});

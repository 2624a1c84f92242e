import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { useApp } from '../../../tests/helpers/app.ts';
import { describeEachDb } from '../../../tests/helpers/db.ts';
import { webRoot } from '../app.ts';

// `npm test` builds the web app first; the server serves it from dist/web.
describeEachDb('the web app shell', (getDb) => {
  const app = useApp(getDb);

  it('serves the uncached shell at / and on app routes, and 404 problems for API routes and missing assets', async () => {
    expect(fs.existsSync(path.join(webRoot, 'index.html')), 'run `npx vite build` first').toBe(true);
    for (const url of ['/', '/contacts/some-id', '/settings/users']) {
      const res = await app().inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body, url).toContain('<div id="root">');
    }
    for (const url of ['/assets/missing-0000.js', '/api/v1/nothing-here']) {
      const res = await app().inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
    }
  });

  it('serves a hashed asset that the shell references, with a long cache', async () => {
    const html = (await app().inject({ url: '/' })).body;
    const asset = /src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const res = await app().inject({ url: `/${asset}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toContain('max-age=3600');
  });
});

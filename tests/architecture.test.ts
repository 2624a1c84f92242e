import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
const importsOf = (file: string) =>
  [
    ...fs
      .readFileSync(file, 'utf8')
      .matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2]!);

describe('architecture', () => {
  it('lets a server module use another module only through its index.ts or its tables (*.schema.ts)', () => {
    const modulesDir = path.join(root, 'src/server/modules');
    const violations: string[] = [];
    for (const file of files(modulesDir)) {
      const own = path.relative(modulesDir, file).split(path.sep)[0];
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(modulesDir + path.sep)) continue;
        const [other, ...rest] = path.relative(modulesDir, target).split(path.sep);
        if (other === own || rest.length === 0) continue;
        const name = rest.join('/');
        if (name !== 'index.ts' && !name.endsWith('.schema.ts'))
          violations.push(`${path.relative(root, file)} → ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the web app off server code: it imports only src/shared', () => {
    const violations = files(path.join(root, 'src/web'))
      .flatMap((file) => importsOf(file).map((spec) => ({ file, spec })))
      .filter(
        ({ file, spec }) =>
          spec.startsWith('.') &&
          path.resolve(path.dirname(file), spec).startsWith(path.join(root, 'src/server')),
      )
      .map(({ file, spec }) => `${path.relative(root, file)} → ${spec}`);
    expect(violations).toEqual([]);
  });

  it('reads the environment only in config.ts', () => {
    const offenders = files(path.join(root, 'src'))
      .filter((f) => !f.endsWith(`${path.sep}config.ts`) && !f.endsWith('.test.ts'))
      .filter((f) => /process\.env\b/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('never renders raw HTML in the web app', () => {
    const offenders = files(path.join(root, 'src/web')).filter((f) =>
      fs.readFileSync(f, 'utf8').includes('dangerouslySetInnerHTML'),
    );
    expect(offenders).toEqual([]);
  });
});

#!/usr/bin/env node
// The `rapport` command. Runs the TypeScript sources through tsx (no separate build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');

import { z } from 'zod';
import { role, text, uiLanguage } from './common.ts';

export const password = z.string().min(10, 'Use at least 10 characters').max(200);
export const email = z.string().trim().max(320).pipe(z.email());

export const userDto = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role,
    language: z.string(),
    active: z.boolean(),
    teamIds: z.array(z.uuid()),
    lockedUntil: z.string().nullable(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof userDto>;

export const createUserInput = z
  .object({
    email,
    name: text(200).default(''),
    role,
    password,
    language: uiLanguage.default('en'),
    teamIds: z.array(z.uuid()).max(50).default([]),
  })
  .strict();
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z
  .object({
    name: text(200),
    role,
    language: uiLanguage,
    active: z.boolean(),
    teamIds: z.array(z.uuid()).max(50),
  })
  .partial()
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const resetPasswordInput = z.object({ password }).strict();
export const updateMeInput = z
  .object({ name: text(200), language: uiLanguage })
  .partial()
  .strict();

export const setupStatus = z.object({ needsSetup: z.boolean() });
export const setupInput = z
  .object({ email, name: text(200).default(''), password, language: uiLanguage.default('en') })
  .strict();
export const loginInput = z
  .object({ email: z.string().trim().max(320), password: z.string().max(200) })
  .strict();
export const sessionDto = z.object({ user: userDto, csrfToken: z.string() }).meta({ id: 'Session' });

export const teamDto = z
  .object({ id: z.uuid(), name: z.string(), memberIds: z.array(z.uuid()), createdAt: z.string() })
  .meta({ id: 'Team' });
export type TeamDto = z.infer<typeof teamDto>;
export const createTeamInput = z
  .object({ name: text(100).min(1), memberIds: z.array(z.uuid()).max(500).default([]) })
  .strict();
export const updateTeamInput = z
  .object({ name: text(100).min(1), memberIds: z.array(z.uuid()).max(500) })
  .partial()
  .strict();

export const apiKeyDto = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyDto = z.infer<typeof apiKeyDto>;
export const createApiKeyInput = z.object({ name: text(100).min(1) }).strict();
export const createdApiKeyDto = apiKeyDto.extend({ key: z.string() });

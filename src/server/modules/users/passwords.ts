import { hash, verify } from '@node-rs/argon2';

// argon2id (the library's default algorithm) with OWASP's recommended cost: 19 MiB, 2 iterations.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, options);
export const verifyPassword = (digest: string, password: string) =>
  verify(digest, password).catch(() => false);

/** A real hash to verify against when the user does not exist, so timing does not tell which e-mails exist. */
let dummy: Promise<string> | undefined;
export const dummyHash = () => {
  dummy ??= hashPassword('rapport-dummy-password');
  return dummy;
};

/** Same keys as the English messages, every leaf a string: a missing translation is a type error. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export type Messages<T> = { en: T; fr: Shape<T>; de: Shape<T>; da: Shape<T> };

export function defineMessages<T extends Record<string, unknown>>(m: Messages<T>): Messages<T> {
  return m;
}

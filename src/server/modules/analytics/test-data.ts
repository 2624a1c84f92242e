import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A file of ../shared/datasets/lifetimes (beside the repository, as in CI). */
export const datasetPath = (name: string) =>
  fileURLToPath(new URL(`../../../../../shared/datasets/lifetimes/${name}`, import.meta.url));
export const readDataset = (name: string) => fs.readFileSync(datasetPath(name), 'utf8');

/**
 * The "equal to 3 significant digits": within half a unit of the published value's 3rd significant
 * digit (comparing `toPrecision(3)` strings would fail on rounding boundaries, e.g. −9594.97 vs −9595.0).
 */
export const sameDigits = (a: number, published: number, digits = 3) =>
  Math.abs(a - published) <= 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(published))) - digits + 1);

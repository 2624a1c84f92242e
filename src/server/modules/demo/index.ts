export { type DemoOptions, type DemoResult, generateDemo } from './demo.generate.ts';

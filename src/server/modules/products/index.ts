export { customerTerms, priceLine } from './pricing.service.ts';
export { listProducts } from './products.list.ts';
export { productsRoutes } from './products.routes.ts';
export {
  createProduct,
  getProduct,
  pricesOf,
  purgeProductRecycleBin,
  setArchived,
  toProductDtos,
  updateProduct,
} from './products.service.ts';
export { seedTaxRates } from './tax-rates.seed.ts';
export { rateFor } from './tax-rates.service.ts';

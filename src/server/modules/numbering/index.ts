export { type DocumentKind, documentPrefixes, nextDocumentNumber } from './numbering.service.ts';

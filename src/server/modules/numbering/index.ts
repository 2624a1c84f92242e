export {
  type DocumentKind,
  documentNumberStatement,
  documentPrefixes,
  nextDocumentNumber,
} from './numbering.service.ts';

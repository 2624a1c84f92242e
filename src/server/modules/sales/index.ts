export { renderSalesDocumentDocx } from './document-docx.ts';
export { documentRecipient, escapeHtml, fillText, paragraphsHtml } from './document-mail.ts';
export { renderSalesDocumentPdf } from './document-pdf.ts';
export {
  type DocumentLanguage,
  documentFileName,
  documentFormat,
  documentLabels,
  documentLanguage,
  type SalesDocument,
  type SalesDocumentCustomer,
  type SalesDocumentKind,
} from './document-text.ts';
export { salesSettingsRoutes } from './sales-settings.routes.ts';
export { getSalesSettings, updateSalesSettings } from './sales-settings.service.ts';

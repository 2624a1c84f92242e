export { filesRoutes } from './files.routes.ts';
export { files } from './files.schema.ts';
export {
  attachmentHeader,
  deleteFile,
  getFile,
  openFile,
  purgeExpiredFiles,
  type StoredFile,
  storedPath,
  storeFile,
  toFileDto,
} from './files.service.ts';
export { type SniffedType, sniffBytes, sniffFile } from './files.sniff.ts';

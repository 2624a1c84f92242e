export { openArchive } from './backup.archive.ts';
export { readCatalogue } from './backup.catalog.ts';
export { backupCommand, restoreCommand } from './backup.cli.ts';
export { BackupError, type BackupManifest } from './backup.manifest.ts';
export { migrateUpTo } from './backup.migrations.ts';
export { type RestoreResult, restoreBackup } from './backup.restore.ts';
export { backupRoutes } from './backup.routes.ts';
export { backupFileName, writeBackup } from './backup.write.ts';

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The bytes of table and index files in an embedded (PGlite) data directory: the files of every
 * database under `base/`, the data a buffer pool can hold. 0 for a directory not made yet. One
 * stat per file, a few thousand files for a book of a million invoices.
 */
export function embeddedDataBytes(dataDir: string): number {
  let total = 0;
  let databases: string[];
  try {
    databases = readdirSync(join(dataDir, 'base'));
  } catch {
    return 0;
  }
  for (const database of databases) {
    const dir = join(dataDir, 'base', database);
    let files;
    try {
      files = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const file of files) {
      if (!file.isFile()) continue;
      try {
        total += statSync(join(dir, file.name)).size;
      } catch {
        // A file PostgreSQL removed meanwhile (a dropped table) holds nothing to cache.
      }
    }
  }
  return total;
}

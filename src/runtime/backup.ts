/**
 * Backups on Node: SQLite's online backup API (consistent while the server runs, WAL and all), the
 * photo folder beside it, and an integrity check of the copy. Restore puts a backup in place of the
 * live files; the server must be stopped first.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import Database from "better-sqlite3";

export interface BackupResult {
  dir: string;
  database: string;
  bytes: number;
  photos: number;
}

const blobsOf = (databasePath: string) => join(dirname(databasePath), "blobs");

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
    (f) => f.isFile() && !f.name.endsWith(".type"),
  ).length;
}

/** Back up the database at `databasePath` (and its photos) into a new folder under `outDir`. */
export async function backupDatabase(
  databasePath: string,
  outDir: string,
  now = new Date(),
): Promise<BackupResult> {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const dir = join(outDir, `prongsai-${stamp}`);
  mkdirSync(dir, { recursive: true });
  const database = join(dir, basename(databasePath));
  const source = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    await source.backup(database);
  } finally {
    source.close();
  }
  const copy = new Database(database, { readonly: true });
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the backup failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  if (existsSync(blobsOf(databasePath)))
    cpSync(blobsOf(databasePath), join(dir, "blobs"), { recursive: true });
  return { dir, database, bytes: statSync(database).size, photos: countFiles(join(dir, "blobs")) };
}

/**
 * Put a backup folder in place of the database at `databasePath` and its photos. The current files are
 * kept beside it as `*.before-restore` until the next restore. Run with the server stopped.
 */
export function restoreDatabase(
  backupDir: string,
  databasePath: string,
): { database: string; photos: number } {
  const candidates = readdirSync(backupDir).filter((name) => statSync(join(backupDir, name)).isFile());
  const file = candidates.find((name) => name.endsWith(".sqlite")) ?? candidates[0];
  if (!file) throw new Error(`no database file in ${backupDir}`);
  const check = new Database(join(backupDir, file), { readonly: true });
  try {
    if (check.pragma("integrity_check", { simple: true }) !== "ok") throw new Error("the backup is damaged");
  } finally {
    check.close();
  }
  mkdirSync(dirname(databasePath), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) {
    const live = `${databasePath}${suffix}`;
    rmSync(`${live}.before-restore`, { force: true });
    if (existsSync(live)) renameSync(live, `${live}.before-restore`);
  }
  cpSync(join(backupDir, file), databasePath);
  const blobs = blobsOf(databasePath);
  rmSync(`${blobs}.before-restore`, { recursive: true, force: true });
  if (existsSync(blobs)) renameSync(blobs, `${blobs}.before-restore`);
  if (existsSync(join(backupDir, "blobs"))) cpSync(join(backupDir, "blobs"), blobs, { recursive: true });
  return { database: databasePath, photos: countFiles(blobs) };
}

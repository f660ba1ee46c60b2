/**
 * `npm run backup [-- <folder>]`: an online backup of the database at DATABASE_PATH (safe while the
 * bot runs) and its photos, into `<folder>/prongsai-<time>/` (default `./backups`).
 * `npm run restore -- <backup folder>`: put a backup in place (stop the bot first).
 * On Cloudflare D1: `npx wrangler d1 export <database> --remote --output backup.sql` (see README).
 */
import { parseConfig } from "../src/config";
import { backupDatabase, restoreDatabase } from "../src/runtime/backup";

const [command, target] = process.argv.slice(2);
const config = parseConfig(process.env);
if (command === "restore") {
  if (!target) {
    console.error("usage: npm run restore -- <backup folder>");
    process.exit(1);
  }
  const restored = restoreDatabase(target, config.databasePath);
  console.log(`restored ${restored.database} (${restored.photos} photos); start the bot again`);
} else {
  const result = await backupDatabase(config.databasePath, target ?? "./backups");
  console.log(`backup ${result.dir}: ${result.bytes} bytes, ${result.photos} photos, integrity ok`);
}

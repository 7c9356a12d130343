// Build step (`npm run build:lib`): writes the command manifest beside the compiled command
// modules, so `assay --help` and `assay <command> --help` need none of them at start-up.
import { writeFileSync } from 'node:fs';
import { buildCommandManifest, COMMAND_MANIFEST_URL } from './command-manifest.js';

const manifest = await buildCommandManifest();
writeFileSync(COMMAND_MANIFEST_URL, `${JSON.stringify(manifest)}\n`);
process.stdout.write(`Wrote the help of ${manifest.commands.length} commands to the command manifest.\n`);
// A command module may leave a handle open at import (a pool, a timer): the build must not wait.
process.exit(0);

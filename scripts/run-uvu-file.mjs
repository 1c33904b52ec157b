// Loads one test file and lets uvu run its suites; exits non-zero when any failed.
// It force-exits at the end so that a leaked handle cannot hang the whole run.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

globalThis.UVU_DEFER = 1;
const uvu = await import('uvu');
globalThis.UVU_INDEX = 0;
globalThis.UVU_QUEUE.push([process.argv[2]]);
await import(pathToFileURL(resolve(process.argv[2])).href);
await uvu.exec(false);
process.exit(process.exitCode ?? 0);

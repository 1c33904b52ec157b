// `npm install` in a clone builds dist/ so `npx gateway` works at once.
// Installed as a dependency (no src/), there is nothing to build.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const major = Number(process.versions.node.split('.')[0]);
if (!existsSync('src') || !existsSync('node_modules/typescript')) process.exit(0);
if (major < 22) {
  console.warn(
    `gateway: skipping the build on Node ${process.version}; run \`source scripts/use-node.sh\` then \`npm run build\`.`,
  );
  process.exit(0);
}
execSync('npm run build', { stdio: 'inherit' });

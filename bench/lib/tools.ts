/**
 * External tools the bench prefers: wrk (load) and nginx (a reference proxy). Run as root with
 * one of them missing, it installs them from Debian's packages (and says so); otherwise it falls
 * back to autocannon and skips nginx.
 */
import { execFileSync, spawnSync } from 'node:child_process';

/** Whether `command` is on the PATH. */
export function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs the missing ones of wrk and nginx when root and apt-get exist; returns notes to print. */
export function ensureTools(allowInstall: boolean): string[] {
  const notes: string[] = [];
  const missing = [
    ['wrk', 'wrk'],
    ['nginx', 'nginx-light'],
  ].filter(([command]) => !has(command!));
  if (missing.length === 0) return notes;
  const root = process.getuid?.() === 0;
  if (!allowInstall || !root || !has('apt-get')) {
    for (const [command] of missing)
      notes.push(
        `${command} is not installed${root ? '' : ' (and not root, so not installing it)'}: ${command === 'wrk' ? 'using autocannon' : 'skipping the nginx row'}`,
      );
    return notes;
  }
  const packages = missing.map(([, pkg]) => pkg!);
  notes.push(`installing ${packages.join(', ')} with apt-get (running as root; --no-install skips this)`);
  console.log(notes.at(-1));
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  } catch (error) {
    notes.push(`apt-get failed (${(error as Error).message.split('\n')[0]}): continuing without them`);
  }
  return notes;
}

/** `nproc`, the CPU model, Node's version, and the tools' versions, for the results header. */
export function machine(): { cores: number; cpu: string; node: string; wrk?: string; nginx?: string } {
  const cpu =
    /model name\s*:\s*(.+)/.exec(spawnSync('cat', ['/proc/cpuinfo'], { encoding: 'utf8' }).stdout)?.[1] ??
    'unknown';
  const cores = Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim());
  const wrk = has('wrk') ? /wrk (?:debian\/)?([\w.+~-]+)/.exec(versionText('wrk', '-v'))?.[1] : undefined;
  const nginx = has('nginx') ? /nginx\/([\d.]+)/.exec(versionText('nginx', '-v'))?.[1] : undefined;
  return { cores, cpu: cpu.trim(), node: process.version, wrk, nginx };
}

function versionText(command: string, flag: string): string {
  const out = spawnSync(command, [flag], { encoding: 'utf8' });
  return `${out.stdout}${out.stderr}`;
}

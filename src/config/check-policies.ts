/** Checks of `fault` (here and in `defaults`) that the schema alone cannot express. */
import type { FaultConfig } from './schema/index.js';
import { toMilliseconds } from './units.js';

type Path = readonly PropertyKey[];

/** A delay needs exactly one of `fixed` and `range`, and a range must not run backwards. */
export function checkFault(
  fault: FaultConfig | false | undefined,
  base: Path,
  report: (path: Path, message: string) => void,
): void {
  const delay = fault === false ? undefined : fault?.delay;
  if (delay === undefined) return;
  const path = [...base, 'delay'];
  if ((delay.fixed === undefined) === (delay.range === undefined))
    report(path, "give either fixed (e.g. fixed: '500ms') or range (e.g. range: ['100ms', '2s'])");
  else if (delay.range !== undefined && toMilliseconds(delay.range[0]) > toMilliseconds(delay.range[1]))
    report([...path, 'range'], 'the first duration is the shortest: write [shortest, longest]');
}

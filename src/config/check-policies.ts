/** Checks of `fault` (here and in `defaults`) and `mock` that the schema alone cannot express. */
import type { FaultConfig, MockConfig } from './schema/index.js';
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

/**
 * A mock is one answer, a `sequence` or an `openapi` document — not a mix — and an answer has at
 * most one body (`json`, `body` or `file`).
 */
export function checkMock(
  mock: MockConfig | undefined,
  base: Path,
  report: (path: Path, message: string) => void,
): void {
  if (mock === undefined) return;
  const answerKeys = (['status', 'headers', 'json', 'body', 'file', 'latency'] as const).filter(
    (key) => mock[key] !== undefined,
  );
  const kinds = [
    answerKeys.length > 0 && 'an answer',
    mock.sequence !== undefined && '"sequence"',
    mock.openapi !== undefined && '"openapi"',
  ].filter(Boolean);
  if (kinds.length > 1)
    report(base, `give one answer, a "sequence" or an "openapi" document, not ${kinds.join(' and ')}`);
  if (mock.loop !== undefined && mock.sequence === undefined)
    report([...base, 'loop'], 'only used with "sequence"');
  const answers = mock.sequence?.map((answer, index) => [answer, [...base, 'sequence', index]] as const) ?? [
    [mock, base] as const,
  ];
  for (const [answer, path] of answers) {
    const bodies = (['json', 'body', 'file'] as const).filter((key) => answer[key] !== undefined);
    if (bodies.length > 1) report(path, `give one body: ${bodies.map((b) => `"${b}"`).join(' or ')}`);
  }
}

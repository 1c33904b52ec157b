/**
 * Compiling a config's mocks when the table is built: `file` bodies read, OpenAPI documents parsed
 * (the parser is imported only for configs that have one). Every file read is returned, so live
 * reload watches it; a file that cannot be read is a config issue at the route's `mock` key.
 */
import { readFile } from 'node:fs/promises';
import type { ConfigIssue } from '../../config/issues.js';
import type { ResolvedConfig } from '../../config/resolved.js';
import type { CompiledAnswer, CompiledMock } from './api.js';

/** Every route's compiled mock, by route name. */
export async function compileMocks(config: ResolvedConfig): Promise<{
  mocks: ReadonlyMap<string, CompiledMock>;
  files: string[];
  issues: ConfigIssue[];
}> {
  const mocks = new Map<string, CompiledMock>();
  const files: string[] = [];
  const issues: ConfigIssue[] = [];
  for (const route of config.routes) {
    const mock = route.mock;
    if (mock === undefined) continue;
    const path = `routes[${route.index}].mock`;
    if (mock.kind === 'openapi') {
      const { loadOpenApi } = await import('./openapi/load.js');
      const loaded = await loadOpenApi(mock.file);
      if (!loaded.ok) {
        issues.push({ path: `${path}.openapi`, message: loaded.message, file: config.file });
        files.push(mock.file);
        continue;
      }
      files.push(...loaded.files);
      mocks.set(route.name, { kind: 'openapi', api: loaded.api });
      continue;
    }
    const answers: CompiledAnswer[] = [];
    for (const [i, answer] of mock.answers.entries()) {
      let fileBody: string | undefined;
      if (answer.file !== undefined) {
        files.push(answer.file);
        try {
          fileBody = await readFile(answer.file, 'utf8');
        } catch (error) {
          const where = mock.answers.length > 1 ? `${path}.sequence[${i}].file` : `${path}.file`;
          const code = (error as NodeJS.ErrnoException).code ?? 'error';
          issues.push({ path: where, message: `cannot read ${answer.file} (${code})`, file: config.file });
        }
      }
      answers.push({ ...answer, fileBody });
    }
    mocks.set(route.name, { kind: 'answers', answers, loop: mock.loop });
  }
  return { mocks, files, issues };
}

/** Parses JSON and YAML config files, turning syntax errors into issues with line and column. */
import { parseDocument, parse as parseYaml, YAMLParseError } from 'yaml';
import type { ConfigIssue } from './issues.js';

/** The parsed value, or the syntax error as an issue. `format` is the file's syntax. */
export function parseDataFile(
  file: string,
  content: string,
  format: 'json' | 'yaml',
): { value: unknown; issue?: undefined } | { value?: undefined; issue: ConfigIssue } {
  try {
    return { value: format === 'json' ? JSON.parse(content) : parseYaml(content) };
  } catch (error) {
    // V8 quotes the whole input in some messages (`Unexpected token '}', "{…" is not valid JSON`).
    const message = (error as Error).message.replace(/, "[\s\S]*" is not valid JSON$/, '').split('\n')[0]!;
    if (error instanceof YAMLParseError) {
      const position = error.linePos?.[0];
      return {
        issue: {
          path: '',
          message: `syntax error: ${message.replace(/ at line \d+, column \d+:?$/, '')}`,
          file,
          ...(position && { line: position.line, column: position.col }),
        },
      };
    }
    return {
      issue: {
        path: '',
        message: `syntax error: ${message.replace(/ in JSON at position.*$/, '')}`,
        file,
        ...jsonPosition(message, content),
      },
    };
  }
}

/** Node's JSON.parse messages give `(line L column C)` or `at position N`. */
function jsonPosition(message: string, content: string): { line?: number; column?: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (!position) return yamlPosition(content);
  const before = content.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

/** Where `yaml` (a JSON superset) stumbles, for JSON errors V8 gives no position for. */
function yamlPosition(content: string): { line?: number; column?: number } {
  const document = parseDocument(content, { lineCounter: undefined });
  const position = document.errors[0]?.linePos?.[0];
  return position ? { line: position.line, column: position.col } : {};
}

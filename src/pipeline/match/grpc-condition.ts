/** `match.grpc`: `true` accepts only gRPC requests (content-type `application/grpc*`), `false` only others. */
import type { ConditionEntry } from './conditions.js';

export const grpc: ConditionEntry = {
  name: 'grpc',
  compile({ grpc: wanted }) {
    if (wanted === undefined) return undefined;
    const expected = wanted ? 'content-type application/grpc*' : 'not gRPC';
    return (request) => {
      const raw = request.headers['content-type'];
      const type = (Array.isArray(raw) ? raw[0] : raw) ?? '';
      if (isGrpcContentType(type) === wanted) return undefined;
      return { condition: 'grpc', expected, actual: type === '' ? '(no content-type)' : type };
    };
  },
  summarize: ({ grpc: wanted }) => (wanted === undefined ? '' : wanted ? 'grpc' : '!grpc'),
};

/** `application/grpc`, `application/grpc+proto`, `application/grpc-web…`: case-insensitive. */
export function isGrpcContentType(type: string): boolean {
  return type.slice(0, 16).toLowerCase() === 'application/grpc';
}

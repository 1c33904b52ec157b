/**
 * Answers written straight to a socket, for requests that have no `ServerResponse`: refused
 * upgrades and `CONNECT`. Always a problem document, always `Connection: close`.
 */
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE } from '../pipeline/problem.js';
import type { Problem } from '../pipeline/types.js';

/** Writes a problem document as a raw HTTP/1.1 answer and closes the socket; returns the status. */
export function writeProblem(
  socket: Socket,
  body: Problem,
  extra?: Readonly<Record<string, string>>,
): number {
  if (!socket.writable) {
    socket.destroy();
    return body.status;
  }
  const json = JSON.stringify(body);
  const headers = {
    ...extra,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(json)),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  socket.end(`HTTP/1.1 ${body.status} ${body.title}\r\n${lines.join('\r\n')}\r\n\r\n${json}`);
  return body.status;
}

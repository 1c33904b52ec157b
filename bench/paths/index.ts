/**
 * Every path `npm run bench` measures besides plain HTTP, each against a reference in the same
 * run, in the order they run. Adding a path = a file here and a line below.
 */
import { coldstartPath } from './coldstart.js';
import { httpsPath } from './https.js';
import { idlePath } from './idle.js';
import type { BenchPath } from './kit.js';
import { oneConnectionPath } from './one-connection.js';
import { grpcPath, soapPath } from './protocols.js';
import { reloadPath } from './reload.js';
import { soakPath } from './soak.js';
import { transferPath } from './transfer.js';
import { uiPath } from './ui.js';
import { websocketPath } from './websocket.js';

export type { BenchPath, PathContext } from './kit.js';

export const PATHS: readonly BenchPath[] = [
  oneConnectionPath,
  grpcPath,
  soapPath,
  httpsPath,
  transferPath,
  websocketPath,
  idlePath,
  reloadPath,
  uiPath,
  coldstartPath,
  soakPath,
];

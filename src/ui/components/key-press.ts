/** Ink's key report, named the way the key reducer reads it. */
import type { Key } from 'ink';
import type { KeyPress } from '../view/keys.js';

/** `undefined` for keys the UI ignores. */
export function toKeyPress(input: string, key: Key): KeyPress | undefined {
  if (key.ctrl && input === 'c') return { name: 'interrupt' };
  if (key.upArrow) return { name: 'up' };
  if (key.downArrow) return { name: 'down' };
  if (key.pageUp) return { name: 'pageup' };
  if (key.pageDown) return { name: 'pagedown' };
  if (key.return) return { name: 'enter' };
  if (key.escape) return { name: 'escape' };
  if (key.backspace || key.delete) return { name: 'backspace' };
  if (key.ctrl || key.meta || input === '') return undefined;
  return { name: 'char', char: input };
}

// The UI counts failed mirror copies (they never change an answer, so nothing else shows them).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { headerSegments } from '../src/ui/present/header.js';
import { applyEvent, createUiState } from '../src/ui/store/store.js';

const event = (ok: boolean) => ({
  route: 'r',
  upstream: 'shadow',
  target: '127.0.0.1:1',
  ok,
  status: ok ? 200 : 0,
  durationMs: 1,
});

test('failed mirror copies are counted and shown in the header; successes are not', () => {
  const state = createUiState({ now: () => 0 });
  const text = () =>
    headerSegments(state, 'gateway listening', undefined, 3, '/')
      .map((s) => s.text)
      .join('');
  assert.not.match(text(), 'mirror');
  applyEvent(state, 'mirror-finished', event(true), 0);
  assert.is(state.mirrorFailures, 0);
  applyEvent(state, 'mirror-finished', event(false), 0);
  applyEvent(state, 'mirror-finished', event(false), 0);
  assert.is(state.mirrorFailures, 2);
  assert.match(text(), '  ·  2 mirror failures');
});

test.run();

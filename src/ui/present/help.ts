/** The key list: shown by `?`, and the source of the footer's hints. */

export interface KeyHelp {
  readonly keys: string;
  readonly action: string;
}

export const KEY_HELP: readonly KeyHelp[] = [
  { keys: '↑ / ↓', action: 'select a request (the list stops following new ones)' },
  { keys: 'Enter', action: "open the selected request's trace (Esc or Enter: back, ↑/↓ scroll)" },
  { keys: '/', action: 'filter by path, route or status (404, 5xx); Enter applies, Esc cancels' },
  { keys: 'p', action: 'pause the list (new requests are still counted); p again resumes' },
  { keys: 'c', action: 'clear the list and the route counters' },
  { keys: 'r', action: 'reload the config now' },
  { keys: 'f', action: "chaos on the selected request's route: 10% 503s, 10% 500ms delays" },
  { keys: 's', action: 'save the kept requests as a HAR file (credentials redacted)' },
  { keys: 'Esc', action: 'drop the selection, then the filter, then the pause' },
  { keys: '?', action: 'this help (any key closes it)' },
  { keys: 'q / Ctrl-C', action: 'quit (in-flight requests finish first)' },
];

/** The footer's one-line reminder. */
export const KEY_HINTS = '↑↓ select  ⏎ trace  / filter  p pause  r reload  f chaos  ? help  q quit';

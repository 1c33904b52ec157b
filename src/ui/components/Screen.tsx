/**
 * The whole frame, laid out from a `ScreenModel`: header, reload banner, then the request list
 * with the routes and upstreams panels side by side (or the trace, or the help), then the footer.
 */
import { Box } from 'ink';
import type { ScreenModel } from '../present/screen.js';
import { Header } from './Header.js';
import { HelpView } from './HelpView.js';
import { Line } from './Line.js';
import { ReloadBanner } from './ReloadBanner.js';
import { RequestList } from './RequestList.js';
import { TablePanel } from './TablePanel.js';
import { TraceView } from './TraceView.js';

export interface ScreenProps {
  readonly model: ScreenModel;
  readonly color: boolean;
}

export function Screen({ model, color }: ScreenProps) {
  const { body } = model;
  const left = Math.floor((model.width - 2) / 2);
  return (
    <Box flexDirection="column" width={model.width}>
      <Header segments={model.header} color={color} />
      <ReloadBanner lines={model.banner} color={color} />
      {body.kind === 'trace' && (
        <TraceView title={body.title} lines={body.lines} height={body.height} color={color} />
      )}
      {body.kind === 'help' && <HelpView lines={body.lines} height={body.height} color={color} />}
      {body.kind === 'list' && (
        <>
          <RequestList
            title={body.requests.title}
            heading={body.requests.heading}
            rows={body.requests.list}
            height={body.listHeight}
            color={color}
          />
          {body.routes && body.upstreams && (
            <Box flexDirection="row" height={body.panelHeight} marginTop={1}>
              <TablePanel {...body.routes} width={left} color={color} />
              <Box width={2} />
              <TablePanel {...body.upstreams} width={model.width - left - 2} color={color} />
            </Box>
          )}
        </>
      )}
      <Line segments={model.footer} color={color} />
    </Box>
  );
}

/** The ProductService fixture in its own process for the gRPC bench: prints its URL when ready. */
import { startProductService } from '../../fixtures/grpc.js';

const fixture = await startProductService({ port: Number(process.argv[2] ?? 0) });
process.stdout.write(`${fixture.url}\n`);
process.on('SIGTERM', () => {
  void fixture.close().then(() => process.exit(0));
});

/** The CLI run from src/ through tsx: what the docs check compares with, built or not. */
import { main } from '../../src/cli.js';

await main(process.argv);

import { benchFoundation } from './foundation.bench.ts';

// `pnpm bench` — figures measured side by side in one run; goals are printed next to them, never asserted.
console.log(`Mainline benchmarks — node ${process.version}, ${new Date().toISOString()}`);
benchFoundation();

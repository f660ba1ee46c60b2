// Development entry of the processing thread: load the TypeScript source through tsx
// (a worker does not inherit the tsx loader of `tsx src/runtime/node.ts`).
import { register } from "tsx/esm/api";

register();
await import("./node-worker.ts");

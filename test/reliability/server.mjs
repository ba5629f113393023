// A long-lived child that runs `policyproof` commands one at a time, so the reliability table pays
// for Node and module start-up once. It reads one JSON request a line ({cwd, args}) and answers one
// JSON line ({code, stdout, stderr}). The parent kills it when a case runs out of time.
import { createInterface } from 'node:readline';
import { main, reportError } from '../../build/src/main.js';

const out = process.stdout.write;
const err = process.stderr.write;
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const { cwd, args } = JSON.parse(line);
  let stdout = '';
  let stderr = '';
  process.stdout.write = (chunk) => ((stdout += String(chunk)), true);
  process.stderr.write = (chunk) => ((stderr += String(chunk)), true);
  let code;
  try {
    process.chdir(cwd);
    code = await main(args);
  } catch (e) {
    code = reportError(e, false);
  }
  process.stdout.write = out;
  process.stderr.write = err;
  process.stdout.write(`${JSON.stringify({ code, stdout, stderr })}\n`);
}

// `npm start`: the main job on the embedded default — check the bundled example repository
// against policy/, then publish the policy site from the same YAML and say where it went.
import { main } from '../build/src/main.js';

const code = await main(['check', 'examples/sms-api', ...process.argv.slice(2)]);
process.stderr.write(`\npolicyproof check exited ${code}${code === 1 ? ' (findings: the example repository breaks the policy on purpose in a few places)' : ''}\n`);
const published = await main(['publish', '--out', 'out/site']);
if (published === 0) process.stderr.write('policy site of policy/ written to out/site/ (open out/site/sv/index.html or out/site/en/index.html)\n');
process.exitCode = code === 2 || published !== 0 ? 2 : 0;

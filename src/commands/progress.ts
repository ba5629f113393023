/**
 * Progress on stderr while a long check runs, as a terminal shows it: nothing for the first
 * `delayMs` (most runs end before), then one line rewritten in place with the last step; cleared at
 * the end. Nothing at all when stderr is not a terminal (piped, CI logs) or NO_COLOR/TERM=dumb.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

export interface Progress {
  step(message: string): void;
  stop(): void;
}

export function startProgress(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env, delayMs = 2000): Progress {
  if (!stream.isTTY || env.TERM === 'dumb' || env.CI) return { step() {}, stop() {} };
  let last = 'policyproof: checking…';
  let shown = false;
  const draw = () => {
    shown = true;
    stream.write(`\r\u001b[K${last.slice(0, 100)}`);
  };
  const timer = setTimeout(draw, delayMs);
  return {
    step(message) {
      last = message.replace(/[\u0000-\u001f\u007f]/g, ' ');
      if (shown) draw();
    },
    stop() {
      clearTimeout(timer);
      if (shown) stream.write('\r\u001b[K');
    },
  };
}

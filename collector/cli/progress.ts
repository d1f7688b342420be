/**
 * A progress line for anything slower than a second. On a terminal it
 * redraws one line; piped (CI logs, files) it prints a line at each quarter,
 * so logs stay readable.
 */
export interface Progress {
  update(done: number, total: number, detail?: string): void;
  done(message: string): void;
}

const WIDTH = 24;

export const progressBar = (stream: NodeJS.WriteStream, label: string): Progress => {
  let lastQuarter = -1;
  const tty = stream.isTTY === true;
  return {
    update(done, total, detail = '') {
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const text = `${label} ${'█'.repeat(Math.round(share * WIDTH)).padEnd(WIDTH, '░')} ${done}/${total}${detail ? ` · ${detail}` : ''}`;
      if (tty) {
        stream.write(`\r${text}\x1b[K`);
        return;
      }
      const quarter = Math.floor(share * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        stream.write(`${text}\n`);
      }
    },
    done(message) {
      stream.write(`${tty ? '\r\x1b[K' : ''}${message}\n`);
    },
  };
};

/**
 * Runs `work`, and when it takes longer than a second tells the person
 * waiting what is going on: on a terminal a line with the elapsed seconds,
 * updated in place; elsewhere (a pipe, a CI log) one line, once.
 */
export const withProgress = async <T>(label: string, work: () => Promise<T>, stream: NodeJS.WriteStream = process.stderr): Promise<T> => {
  const started = Date.now();
  let shown = false;
  const show = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    if (stream.isTTY) stream.write(`\rpercept: ${label}… ${seconds} s`);
    else if (!shown) stream.write(`percept: ${label}…\n`);
    shown = true;
  };
  let ticker: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    show();
    if (stream.isTTY) ticker = setInterval(show, 500);
  }, 1000);
  try {
    return await work();
  } finally {
    clearTimeout(delay);
    clearInterval(ticker);
    if (shown && stream.isTTY) stream.write('\r\x1b[K');
  }
};

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

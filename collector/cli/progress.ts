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

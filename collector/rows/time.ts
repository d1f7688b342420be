/**
 * Epoch ms as `YYYY-MM-DD hh:mm:ss.sss` in UTC: the text form every
 * ClickHouse (server or chDB) parses into DateTime64(3, 'UTC') with the
 * default date_time_input_format, with no timezone guessing. A bare number
 * would be read as seconds or milliseconds depending on its digits.
 */
export const toClickHouseTime = (epochMs: number): string => {
  const iso = new Date(Math.floor(epochMs)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
};

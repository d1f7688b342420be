/**
 * The fixed, short strings that stand in for removed personal data. None of
 * them contains a digit, `@`, or anything a detector matches, so scrubbing a
 * scrubbed value changes nothing (idempotence).
 */
export const P = {
  email: '[email]',
  phone: '[phone]',
  iban: '[iban]',
  card: '[card]',
  bsn: '[bsn]',
  ssn: '[ssn]',
  ip: '[ip]',
  postcode: '[postcode]',
  jwt: '[jwt]',
  secret: '[secret]',
  user: '[user]',
  device: '[device]',
  geo: '[geo]',
  name: '[name]',
  address: '[address]',
  redacted: '[redacted]',
  /** A templated path segment or selector id part; reads like a route parameter. */
  id: ':id',
} as const;

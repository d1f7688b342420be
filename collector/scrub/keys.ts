/**
 * Key-based rules (docs/privacy.md, rule 7): when an attribute, parameter or
 * `data-*` name says it holds personal data, its whole value goes, whatever
 * the value looks like. Only names trigger this; words in values never do.
 */

/** Single tokens that name personal data or credentials (English and Dutch). */
const SENSITIVE = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'wachtwoord',
  'secret',
  'token',
  'auth',
  'authorization',
  'oauth',
  'apikey',
  'credential',
  'credentials',
  'jwt',
  'bearer',
  'csrf',
  'xsrf',
  'otp',
  'pin',
  'session',
  'sessionid',
  'sid',
  'cookie',
  'cookies',
  'signature',
  'email',
  'mail',
  'emailadres',
  'phone',
  'tel',
  'telefoon',
  'telefoonnummer',
  'mobiel',
  'msisdn',
  'iban',
  'rekening',
  'rekeningnummer',
  'bsn',
  'ssn',
  'naam',
  'voornaam',
  'achternaam',
  'username',
  'firstname',
  'lastname',
  'fullname',
  'surname',
  'nickname',
  'displayname',
  'address',
  'adres',
  'postcode',
  'zip',
  'zipcode',
  'dob',
  'geboortedatum',
  'birthdate',
  'birthday',
  'birth',
  'geboorte',
  'ip',
  'cvc',
  'cvv',
  'cvv2',
  'cardnumber',
  'creditcard',
  'pan',
]);

/** Two adjacent tokens that together name personal data (`api_key`, `cardNumber`, `first_name`). */
const PAIRS = new Set([
  'api key',
  'access key',
  'secret key',
  'private key',
  'client secret',
  'refresh token',
  'card number',
  'card no',
  'card nr',
  'credit card',
  'cc number',
  'first name',
  'last name',
  'full name',
  'user name',
  'display name',
  'given name',
  'family name',
  'middle name',
  'maiden name',
  'card holder',
  'holder name',
  'customer name',
  'contact name',
  'account name',
  'member name',
  'birth date',
  'date birth',
  'postal code',
  'user id',
  'customer id',
  'member id',
  'klant id',
  'klant nummer',
  'lid nummer',
  'account number',
  'account id',
  'person id',
  'patient id',
  'device id',
]);

// A trailing token that describes the sensitive thing rather than holding it:
// `token_refresh_ms`, `email_valid`, `password_length`, `card_last4`. These
// keys keep their values, which are still pattern-scanned.
const DESCRIPTORS = new Set([
  'ms',
  's',
  'sec',
  'secs',
  'seconds',
  'count',
  'len',
  'length',
  'size',
  'valid',
  'invalid',
  'ok',
  'enabled',
  'present',
  'type',
  'kind',
  'status',
  'state',
  'error',
  'errors',
  'shown',
  'attempts',
  'retries',
  'duration',
  'strength',
  'visible',
  'required',
  'format',
  'changed',
  'mode',
  'provider',
  'method',
  'source',
  'step',
  'field',
  'last4',
  'verified',
  'time',
  'latency',
  'expired',
]);
const FLAG_PREFIXES = new Set(['is', 'has', 'can', 'should', 'uses', 'show']);

const CAMEL = /([a-z0-9])([A-Z])|([A-Z]+)([A-Z][a-z])/g;
const SPLIT = /[^a-z0-9]+/;

/** Splits a key on `_ - . space`, camelCase and acronym boundaries, lower-cased. */
export const tokenizeKey = (key: string): string[] =>
  key
    .replace(CAMEL, (_m, a?: string, b?: string, c?: string, d?: string) => (a !== undefined ? `${a} ${b}` : `${c} ${d}`))
    .toLowerCase()
    .split(SPLIT)
    .filter(Boolean);

/**
 * True when a value stored under `key` must be replaced whole. `name` alone
 * counts, `plan_name` does not (see docs/privacy.md, judgement calls).
 */
export const isSensitiveKey = (key: string): boolean => {
  const tokens = tokenizeKey(key.length > 128 ? key.slice(0, 128) : key);
  if (tokens.length === 0) return false;
  if (tokens.length === 1 && tokens[0] === 'name') return true;
  if (tokens.length > 1 && (DESCRIPTORS.has(tokens[tokens.length - 1]!) || FLAG_PREFIXES.has(tokens[0]!))) return false;
  for (let i = 0; i < tokens.length; i++) {
    if (SENSITIVE.has(tokens[i]!)) return true;
    if (i + 1 < tokens.length && PAIRS.has(`${tokens[i]} ${tokens[i + 1]}`)) return true;
  }
  return false;
};

import { describe, expect, it } from 'vitest';
import { elfProefOk, isBsn } from '../../collector/scrub/bsn.js';
import { isCard, issuerOk, luhnOk } from '../../collector/scrub/card.js';
import { isIban } from '../../collector/scrub/iban.js';
import { isIpv4, isIpv6 } from '../../collector/scrub/ip.js';
import { isSensitiveKey, tokenizeKey } from '../../collector/scrub/keys.js';
import { cap, clean, MAX_FIELD } from '../../collector/scrub/normalize.js';
import { isPhone } from '../../collector/scrub/phone.js';
import { scrubNumber } from '../../collector/scrub/index.js';
import { isImei } from '../../collector/scrub/device.js';
import { foldDigits } from '../../collector/scrub/normalize.js';
import { isPersonSlug } from '../../collector/scrub/person-slug.js';

describe('validators', () => {
  it('Luhn', () => {
    expect(luhnOk('4111111111111111')).toBe(true);
    expect(luhnOk('4111111111111112')).toBe(false);
    expect(luhnOk('1700000000004')).toBe(true);
  });

  it('issuer prefix and length', () => {
    expect(issuerOk('4111111111111111')).toBe(true); // Visa 16
    expect(issuerOk('41111111111114')).toBe(false); // Visa never 14
    expect(issuerOk('5555555555554444')).toBe(true);
    expect(issuerOk('2720990000000007')).toBe(true); // Mastercard 2-series upper bound
    expect(issuerOk('2721000000000000')).toBe(false);
    expect(issuerOk('378282246310005')).toBe(true); // Amex 15
    expect(issuerOk('3782822463100050')).toBe(false); // Amex never 16
    expect(issuerOk('6441111111111111')).toBe(true); // Discover 644
    expect(issuerOk('3528000000000007')).toBe(true); // JCB
    expect(issuerOk('30569309025904')).toBe(true); // Diners 14
    expect(issuerOk('501800000000')).toBe(true); // Maestro 12
    expect(issuerOk('1700000000004')).toBe(false); // a timestamp has no issuer
    expect(issuerOk('8000000000000003')).toBe(false);
  });

  it('card = Luhn AND issuer', () => {
    expect(isCard('1700000000004')).toBe(false); // Luhn-valid timestamp
    expect(isCard('4111111111111112')).toBe(false); // issuer ok, Luhn fails
    expect(isCard('4000056655665556')).toBe(true);
  });

  it('IBAN: per-country length and mod-97, any case', () => {
    expect(isIban('NL91ABNA0417164300')).toBe(true);
    expect(isIban('nl91abna0417164300')).toBe(true);
    expect(isIban('NL91ABNA041716430')).toBe(false); // one short for NL
    expect(isIban('NL92ABNA0417164300')).toBe(false); // check digits
    expect(isIban('IT60X0542811101000000123456')).toBe(true);
    expect(isIban('QQ91ABNA0417164300')).toBe(false); // no such country
  });

  it('11-proef', () => {
    expect(elfProefOk('111222333')).toBe(true);
    expect(elfProefOk('123456782')).toBe(true);
    expect(elfProefOk('123456789')).toBe(false);
    expect(elfProefOk('000000000')).toBe(false);
    expect(isBsn('12345678')).toBe(false);
  });

  it('IP octet ranges and IPv6 shapes', () => {
    expect(isIpv4('255.255.255.255')).toBe(true);
    expect(isIpv4('256.1.1.1')).toBe(false);
    expect(isIpv6('::1')).toBe(true);
    expect(isIpv6('fe80::1%25eth0')).toBe(true);
    expect(isIpv6('::ffff:10.0.0.1')).toBe(true);
    expect(isIpv6('12:34:56')).toBe(false);
    expect(isIpv6('1::2::3')).toBe(false);
    expect(isIpv6('1:2:3:4:5:6:7:8:9')).toBe(false);
  });

  it('phones: national, international, not dates', () => {
    expect(isPhone('06-12345678')).toBe(true);
    expect(isPhone('+31 6 1234567')).toBe(false); // +31 needs 9 national digits
    expect(isPhone('06-12-2024')).toBe(false);
    expect(isPhone('0000000000')).toBe(false);
  });
});

describe('validators added for device ids, phones, digits and slugs', () => {
  it('IMEI: 15 digits, Luhn and a GSMA reporting body', () => {
    expect(isImei('490154203237518')).toBe(true);
    expect(isImei('356938035643809')).toBe(true);
    expect(isImei('490154203237519')).toBe(false); // Luhn fails
    expect(isImei('123456789012347')).toBe(false); // Luhn passes, no reporting body 12
    expect(isImei('49015420323751')).toBe(false); // 14 digits
  });

  it('E.164 without separators: an assigned country code and the plan length where it is fixed', () => {
    expect(isPhone('+4915123456789')).toBe(true);
    expect(isPhone('+14155552671')).toBe(true);
    expect(isPhone('+1415555267')).toBe(false); // NANP needs 10 national digits
    expect(isPhone('+79161234567')).toBe(true);
    expect(isPhone('+2812345678')).toBe(false); // 28 is spare
    expect(isPhone('+0612345678')).toBe(false);
    expect(isPhone('+4912345678901234')).toBe(false); // 16 digits
    expect(isPhone('00491512345678')).toBe(true);
  });

  it('folds every Unicode decimal digit, and only the signs that join numbers', () => {
    expect(foldDigits('０１２３４５６７８９')).toBe('0123456789');
    expect(foldDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(foldDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789'); // Persian
    expect(foldDigits('०१२३४५६७८९')).toBe('0123456789'); // Devanagari
    expect(foldDigits('𝟎𝟗𝟘𝟡')).toBe('0909'); // mathematical digits, two runs of ten apart
    expect(foldDigits('＋３１ ６－１２ ＠')).toBe('+31 6-12 @');
    expect(foldDigits('（エラー）！')).toBe('（エラー）！');
  });

  it('person slugs: name shape, not a static word', () => {
    expect(isPersonSlug('jan-de-vries', 'leden')).toBe(true);
    expect(isPersonSlug('jan', 'users')).toBe(true);
    expect(isPersonSlug('overzicht', 'leden')).toBe(false);
    expect(isPersonSlug('mijn-gegevens', 'leden')).toBe(false);
    expect(isPersonSlug('orders', 'account')).toBe(false);
    expect(isPersonSlug('premium', 'account')).toBe(false); // one word under account: app vocabulary
    expect(isPersonSlug('jan-jansen', 'account')).toBe(true);
    expect(isPersonSlug('a', 'users')).toBe(false);
  });
});

describe('key rules', () => {
  it('tokenizes on separators, camelCase and acronyms', () => {
    expect(tokenizeKey('userEmailAddress')).toEqual(['user', 'email', 'address']);
    expect(tokenizeKey('X-API-Key')).toEqual(['x', 'api', 'key']);
    expect(tokenizeKey('APIKey')).toEqual(['api', 'key']);
    expect(tokenizeKey('billing.zip_code')).toEqual(['billing', 'zip', 'code']);
  });

  it('names that hold personal data, and names that only describe it', () => {
    for (const key of [
      'password',
      'pwd',
      'Wachtwoord',
      'authToken',
      'api_key',
      'sessionId',
      'email',
      'e-mail',
      'phone',
      'tel',
      'iban',
      'bsn',
      'name',
      'firstName',
      'address',
      'ip',
      'card_number',
      'cvc',
      'dob',
    ]) {
      expect(isSensitiveKey(key), key).toBe(true);
    }
    for (const key of [
      'plan',
      'plan_name',
      'token_refresh_ms',
      'iban_valid',
      'card_last4',
      'email_verified',
      'is_phone',
      'password_strength',
      'author',
      'tokens_used',
      'zipper',
      'skip',
      'ship',
    ]) {
      expect(isSensitiveKey(key), key).toBe(false);
    }
  });
});

describe('numbers', () => {
  it('scrubs numbers that validate as PII and keeps the rest', () => {
    expect(scrubNumber('ref', 111222333)).toBe('[bsn]');
    expect(scrubNumber('ref', 4111111111111111)).toBe('[card]');
    expect(scrubNumber('ref', 123456789)).toBe(123456789);
    expect(scrubNumber('started_at', 1700000000004)).toBe(1700000000004);
    expect(scrubNumber('ratio', 0.5)).toBe(0.5);
    expect(scrubNumber('phone', 612345678)).toBe('[redacted]');
    expect(scrubNumber('token_refresh_ms', 350)).toBe(350);
  });
});

describe('normalisation', () => {
  it('caps on a boundary and never splits a surrogate pair', () => {
    expect(cap('a'.repeat(MAX_FIELD + 10)).length).toBe(MAX_FIELD);
    const emoji = `${'a'.repeat(MAX_FIELD - 1)}😀`;
    expect(cap(emoji)).toBe('a'.repeat(MAX_FIELD - 1));
    expect(cap(`${'a '.repeat(MAX_FIELD)}`).endsWith('a')).toBe(true);
  });

  it('cleans controls, bidi marks and lone surrogates', () => {
    expect(clean('a\u0000b\u202Ec\u2066d\u200Be\uFEFF')).toBe('abcde');
    expect(clean('\uD800x')).toBe('\uFFFDx');
    expect(clean('tab\tnew\nline')).toBe('tab\tnew\nline');
  });
});

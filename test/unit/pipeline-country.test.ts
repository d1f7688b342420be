import { describe, expect, it } from 'vitest';
import { noCountry, openCountryLookup } from '../../collector/pipeline/country.js';

const countryOf = openCountryLookup();

describe('country from the client address (bundled database)', () => {
  it.each([
    ['193.0.6.139', 'NL'], // RIPE NCC, Amsterdam
    ['145.97.39.155', 'NL'], // SURF
    ['2001:610:0:8000::1', 'NL'], // SURF, IPv6
    ['81.2.69.142', 'GB'],
    ['200.160.2.3', 'BR'], // NIC.br
    ['8.8.8.8', 'US'],
    ['::ffff:193.0.6.139', 'NL'], // how Node reports IPv4 clients on a dual-stack socket
  ])('%s → %s', (address, country) => {
    expect(countryOf(address)).toBe(country);
  });

  it.each([
    '127.0.0.1',
    '::1',
    '10.1.2.3',
    '172.16.5.4',
    '192.168.1.1',
    '100.64.1.1',
    '169.254.1.1',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '2001:db8::1',
    '0.0.0.0',
    'not-an-address',
    '',
    '999.1.1.1',
  ])('%s (private, loopback, documentation or not an address) → ""', (address) => {
    expect(countryOf(address)).toBe('');
  });

  it('gives "" without an address, and always when the lookup is off', () => {
    expect(countryOf(undefined)).toBe('');
    expect(noCountry('193.0.6.139')).toBe('');
  });

  it('names the file and what to do when a database cannot be read', () => {
    expect(() => openCountryLookup('/nonexistent/country.mmdb')).toThrow(/\/nonexistent\/country\.mmdb.*PERCEPT_COUNTRY_DB.*PERCEPT_COUNTRY=false/);
  });
});

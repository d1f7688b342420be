import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { Reader, type Response } from 'mmdb-lib';

/**
 * Client address → ISO 3166-1 alpha-2 country code, from an MMDB file read
 * into memory once. The address is looked at here and nowhere kept: only the
 * two letters leave this module. Private, loopback, link-local, shared
 * (CGNAT) and unknown addresses give ''.
 */
export type CountryOf = (address: string | undefined) => string;

/** The bundled database: GeoFeed + WHOIS + ASN by country (package @ip-location-db/geo-whois-asn-country-mmdb). */
export const BUNDLED_COUNTRY_DATABASE = createRequire(import.meta.url).resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');

/** The fields read from a record; other MMDB layouts have other shapes, so each is checked. */
interface CountryRecord {
  country_code?: unknown;
  country?: { iso_code?: unknown };
}

// Ranges that never name a place: a lookup there is at best noise (the
// bundled data maps part of 192.168/16 to AU).
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

const CODE = /^[A-Z]{2}$/;
const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The address in the form the database is keyed by, or undefined when it is not a public address. */
const publicAddress = (address: string): string | undefined => {
  const mapped = MAPPED_V4.exec(address);
  const plain = mapped ? mapped[1]! : address;
  if (isIPv4(plain)) return NOT_PUBLIC.check(plain, 'ipv4') ? undefined : plain;
  if (isIPv6(plain)) return NOT_PUBLIC.check(plain, 'ipv6') ? undefined : plain;
  return undefined;
};

/**
 * Opens an MMDB country database (the bundled one, a DB-IP or MaxMind
 * GeoLite2 Country file: both `country_code` and `country.iso_code` records
 * are read). Throws with the file name when it cannot be read.
 */
export const openCountryLookup = (file: string = BUNDLED_COUNTRY_DATABASE): CountryOf => {
  let reader: Reader<Response>;
  try {
    reader = new Reader<Response>(readFileSync(file));
  } catch (error) {
    throw new Error(
      `Cannot read the country database ${file}: ${(error as Error).message}. Point PERCEPT_COUNTRY_DB at an MMDB file, or set PERCEPT_COUNTRY=false.`,
    );
  }
  return (address) => {
    if (address === undefined) return '';
    const ip = publicAddress(address);
    if (ip === undefined) return '';
    let record: CountryRecord | null;
    try {
      record = reader.get(ip) as CountryRecord | null;
    } catch {
      return '';
    }
    const code = record?.country_code ?? record?.country?.iso_code;
    return typeof code === 'string' && CODE.test(code.toUpperCase()) ? code.toUpperCase() : '';
  };
};

/** The lookup when country detection is off: every address gives ''. */
export const noCountry: CountryOf = () => '';

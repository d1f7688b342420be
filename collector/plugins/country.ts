import fp from 'fastify-plugin';
import { noCountry, openCountryLookup, type CountryOf } from '../pipeline/country.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Client address → ISO country code ('' when unknown or off); the address is never kept. */
    countryOf: CountryOf;
  }
}

/**
 * Opens the country database once at start (config `country`: on by
 * default with the bundled file, off with `lookup: false`). A database that
 * cannot be read stops the start with a message naming the file.
 */
export default fp(
  async (fastify) => {
    const { country } = fastify.config;
    const lookup = country?.lookup === false ? noCountry : openCountryLookup(country?.database);
    fastify.decorate('countryOf', lookup);
  },
  { name: 'percept-country', fastify: '5.x', dependencies: ['percept-config'] },
);

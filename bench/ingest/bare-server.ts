import Fastify from 'fastify';

/**
 * The baseline: a bare Fastify route on the same payload that only parses the
 * JSON and answers 202. Run as its own process, like the collector, so the
 * load generator never shares its event loop.
 */
const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
  try {
    done(null, JSON.parse(body as string));
  } catch (err) {
    done(err as Error);
  }
});
app.post('/v1/batch', async (_req, reply) => reply.code(202).send({ accepted: 20 }));
const address = await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);

import type { FastifyInstance } from 'fastify';

const ALLOWED_HEADERS = 'content-type, authorization, x-database-id, soapaction';

/**
 * Lets a pane served from another origin call the gateway (a rep may type any
 * gateway address into the first-run assistant; the pane itself may be served by
 * Outlook's add-in host or another web server). Sessions travel as bearer tokens
 * in a header, never as cookies, so no browser sends credentials on its own and
 * allowing every origin opens no cross-site request forgery.
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/soap') && request.url !== '/health') return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'retry-after');
    if (request.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', '600');
      return reply.status(204).send();
    }
  });
}

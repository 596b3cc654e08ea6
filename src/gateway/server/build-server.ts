import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import {
  buildWsdl,
  decodeSoapRequest,
  decodeValue,
  encodeSoapFault,
  encodeSoapResponse,
  HTTP_STATUS_OF,
  isOperationName,
  LIMITS,
  OPERATIONS,
  ProtocolError,
} from '../../protocol/index.js';
import type { Credentials } from '../auth/authenticate.js';
import type { GatewayContext } from '../gateway-context.js';
import type { TlsOptions } from '../read-tls-options.js';
import { dispatchOperation } from '../operations/dispatch-operation.js';
import { registerCors } from './register-cors.js';
import { toProtocolError } from './to-protocol-error.js';

export interface ServerOptions {
  /** The built task pane (webpack output), served under /pane/ when present. */
  readonly paneDir?: string;
  /** Called with every INTERNAL error's cause; defaults to stderr. */
  readonly onInternalError?: (error: unknown) => void;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  readonly https?: TlsOptions;
}

const SOAP_CONTENT_TYPES = ['text/xml', 'application/soap+xml'];

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The gateway's HTTP face: one operation set behind two encodings.
 * JSON: POST /api/<Operation>, errors as { error: { code, message, details } } with an HTTP status.
 * SOAP 1.1: POST /soap (document/literal), errors as SOAP Faults (HTTP 500, as SOAP 1.1 requires).
 */
export async function buildServer(ctx: GatewayContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const serverOptions = { logger: false, bodyLimit: LIMITS.maxBodyBytes } as const;
  const app: FastifyInstance = options.https
    ? Fastify({ ...serverOptions, https: { cert: options.https.cert, key: options.https.key } })
    : Fastify(serverOptions);
  const reportInternal = options.onInternalError ?? ((error: unknown) => console.error('[gateway] internal error:', error));

  app.addContentTypeParser(SOAP_CONTENT_TYPES, { parseAs: 'string', bodyLimit: LIMITS.maxBodyBytes }, (_req, body, done) =>
    done(null, body),
  );

  const sendJsonError = (reply: FastifyReply, error: ProtocolError) =>
    reply.status(HTTP_STATUS_OF[error.code]).type('application/json; charset=utf-8').send({ error: error.toWire() });
  const sendSoapFault = (reply: FastifyReply, error: ProtocolError) =>
    reply.status(500).type('text/xml; charset=utf-8').send(encodeSoapFault(error));

  app.setErrorHandler((raw, request, reply) => {
    const error = toProtocolError(raw);
    if (error.code === 'INTERNAL') reportInternal(error.cause ?? raw);
    return request.url.startsWith('/soap') ? sendSoapFault(reply, error) : sendJsonError(reply, error);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ProtocolError('INVALID_REQUEST', `No endpoint ${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).type('application/json; charset=utf-8').send({ error: error.toWire() });
  });

  registerCors(app);
  app.get('/health', () => Promise.resolve({ status: 'ok' }));

  app.post<{ Params: { operation: string } }>('/api/:operation', async (request, reply) => {
    const name = request.params.operation;
    if (!isOperationName(name)) throw new ProtocolError('INVALID_REQUEST', `Unknown operation "${name}"`, { operation: name });
    const body = request.body === undefined || request.body === null ? {} : request.body;
    const decoded = decodeValue(OPERATIONS[name].request, body, 'json', name);
    const auth = header(request, 'authorization');
    const credentials: Credentials = {
      sessionToken: auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined,
      databaseId: header(request, 'x-database-id'),
    };
    const response = await dispatchOperation(ctx, name, decoded as never, credentials);
    return reply.type('application/json; charset=utf-8').send(response);
  });

  app.post('/soap', async (request, reply) => {
    if (typeof request.body !== 'string') {
      throw new ProtocolError('INVALID_REQUEST', `SOAP requests must be sent as ${SOAP_CONTENT_TYPES.join(' or ')}`);
    }
    const { operation, request: decoded, headers } = decodeSoapRequest(request.body, header(request, 'soapaction'));
    const response = await dispatchOperation(ctx, operation, decoded as never, headers);
    return reply.type('text/xml; charset=utf-8').send(encodeSoapResponse(operation, response as never));
  });

  app.get('/soap', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (!('wsdl' in query) && !('WSDL' in query))
      throw new ProtocolError('INVALID_REQUEST', 'Send SOAP requests with POST; GET /soap?wsdl gives the service description');
    const base = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    return reply.type('text/xml; charset=utf-8').send(buildWsdl(`${base}/soap`));
  });

  if (options.paneDir && existsSync(options.paneDir)) {
    await app.register(fastifyStatic, { root: options.paneDir, prefix: '/pane/' });
    app.get('/', async (_request, reply) => reply.redirect('/pane/taskpane.html'));
  }
  return app;
}

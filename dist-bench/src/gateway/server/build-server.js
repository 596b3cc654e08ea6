"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildServer = buildServer;
const static_1 = __importDefault(require("@fastify/static"));
const fastify_1 = __importDefault(require("fastify"));
const node_fs_1 = require("node:fs");
const index_js_1 = require("../../protocol/index.js");
const dispatch_operation_js_1 = require("../operations/dispatch-operation.js");
const to_protocol_error_js_1 = require("./to-protocol-error.js");
const SOAP_CONTENT_TYPES = ['text/xml', 'application/soap+xml'];
function header(request, name) {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
}
/**
 * The gateway's HTTP face: one operation set behind two encodings.
 * JSON: POST /api/<Operation>, errors as { error: { code, message, details } } with an HTTP status.
 * SOAP 1.1: POST /soap (document/literal), errors as SOAP Faults (HTTP 500, as SOAP 1.1 requires).
 */
async function buildServer(ctx, options = {}) {
    const app = (0, fastify_1.default)({ logger: false, bodyLimit: index_js_1.LIMITS.maxBodyBytes });
    const reportInternal = options.onInternalError ?? ((error) => console.error('[gateway] internal error:', error));
    app.addContentTypeParser(SOAP_CONTENT_TYPES, { parseAs: 'string', bodyLimit: index_js_1.LIMITS.maxBodyBytes }, (_req, body, done) => done(null, body));
    const sendJsonError = (reply, error) => reply.status(index_js_1.HTTP_STATUS_OF[error.code]).type('application/json; charset=utf-8').send({ error: error.toWire() });
    const sendSoapFault = (reply, error) => reply.status(500).type('text/xml; charset=utf-8').send((0, index_js_1.encodeSoapFault)(error));
    app.setErrorHandler((raw, request, reply) => {
        const error = (0, to_protocol_error_js_1.toProtocolError)(raw);
        if (error.code === 'INTERNAL')
            reportInternal(error.cause ?? raw);
        return request.url.startsWith('/soap') ? sendSoapFault(reply, error) : sendJsonError(reply, error);
    });
    app.setNotFoundHandler((request, reply) => {
        const error = new index_js_1.ProtocolError('INVALID_REQUEST', `No endpoint ${request.method} ${request.url.split('?')[0]}`);
        return reply.status(404).type('application/json; charset=utf-8').send({ error: error.toWire() });
    });
    app.get('/health', async () => ({ status: 'ok' }));
    app.post('/api/:operation', async (request, reply) => {
        const name = request.params.operation;
        if (!(0, index_js_1.isOperationName)(name))
            throw new index_js_1.ProtocolError('INVALID_REQUEST', `Unknown operation "${name}"`, { operation: name });
        const body = request.body === undefined || request.body === null ? {} : request.body;
        const decoded = (0, index_js_1.decodeValue)(index_js_1.OPERATIONS[name].request, body, 'json', name);
        const auth = header(request, 'authorization');
        const credentials = {
            sessionToken: auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined,
            databaseId: header(request, 'x-database-id'),
        };
        const response = await (0, dispatch_operation_js_1.dispatchOperation)(ctx, name, decoded, credentials);
        return reply.type('application/json; charset=utf-8').send(response);
    });
    app.post('/soap', async (request, reply) => {
        if (typeof request.body !== 'string') {
            throw new index_js_1.ProtocolError('INVALID_REQUEST', `SOAP requests must be sent as ${SOAP_CONTENT_TYPES.join(' or ')}`);
        }
        const { operation, request: decoded, headers } = (0, index_js_1.decodeSoapRequest)(request.body, header(request, 'soapaction'));
        const response = await (0, dispatch_operation_js_1.dispatchOperation)(ctx, operation, decoded, headers);
        return reply.type('text/xml; charset=utf-8').send((0, index_js_1.encodeSoapResponse)(operation, response));
    });
    app.get('/soap', async (request, reply) => {
        const query = request.query;
        if (!('wsdl' in query) && !('WSDL' in query))
            throw new index_js_1.ProtocolError('INVALID_REQUEST', 'Send SOAP requests with POST; GET /soap?wsdl gives the service description');
        const base = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
        return reply.type('text/xml; charset=utf-8').send((0, index_js_1.buildWsdl)(`${base}/soap`));
    });
    if (options.paneDir && (0, node_fs_1.existsSync)(options.paneDir)) {
        await app.register(static_1.default, { root: options.paneDir, prefix: '/pane/' });
        app.get('/', async (_request, reply) => reply.redirect('/pane/taskpane.html'));
    }
    return app;
}
//# sourceMappingURL=build-server.js.map
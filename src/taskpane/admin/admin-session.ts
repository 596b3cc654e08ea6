import { ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../../protocol/index.js';
import { JsonTransport, type Transport } from '../../sync/index.js';

const KEY = 'fieldbook.admin';

/**
 * The admin view's session: an administrator's token for this browser tab only
 * (sessionStorage; never the password). Every call goes through the same JSON
 * transport the pane uses.
 */
export class AdminSession {
  private constructor(
    private readonly transport: Transport,
    readonly userName: string,
    readonly displayName: string,
    private token: string,
  ) {}

  static resume(gatewayUrl: string): AdminSession | null {
    try {
      const kept = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as {
        userName?: unknown;
        displayName?: unknown;
        token?: unknown;
      } | null;
      if (!kept || typeof kept.token !== 'string' || typeof kept.userName !== 'string') return null;
      return new AdminSession(
        new JsonTransport(gatewayUrl),
        kept.userName,
        typeof kept.displayName === 'string' ? kept.displayName : kept.userName,
        kept.token,
      );
    } catch {
      return null;
    }
  }

  static async signIn(gatewayUrl: string, userName: string, password: string): Promise<AdminSession> {
    const transport = new JsonTransport(gatewayUrl);
    const login = await transport.call('Login', { userName, password }, {});
    if (!login.isAdmin) {
      await transport.call('Logout', {}, { sessionToken: login.sessionToken }).catch(() => undefined);
      throw new ProtocolError('FORBIDDEN', 'This account is not an administrator');
    }
    sessionStorage.setItem(KEY, JSON.stringify({ userName: login.userName, displayName: login.displayName, token: login.sessionToken }));
    return new AdminSession(transport, login.userName, login.displayName, login.sessionToken);
  }

  call<N extends OperationName>(operation: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
    return this.transport.call(operation, request, { sessionToken: this.token });
  }

  async signOut(): Promise<void> {
    sessionStorage.removeItem(KEY);
    await this.call('Logout', {}).catch(() => undefined);
  }
}

/** A fresh operation id for the admin's mutating calls (a retried click is then the same request). */
export function newOperationId(): string {
  return `admin-${crypto.randomUUID()}`;
}

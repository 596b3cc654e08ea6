import { ProtocolError } from '../../src/protocol/index.js';
import { localStoreName, normalizeGatewayUrl } from '../../src/store/index.js';

describe('normalizeGatewayUrl', () => {
  it.each([
    ['https://crm.example.com', 'https://crm.example.com'],
    ['https://crm.example.com/', 'https://crm.example.com'],
    ['HTTPS://CRM.Example.COM/Gateway/', 'https://crm.example.com/Gateway'],
    ['https://crm.example.com:443/gw//', 'https://crm.example.com/gw'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['  https://crm.example.com/gw  ', 'https://crm.example.com/gw'],
    ['https://rep:secret@crm.example.com/gw#top', 'https://crm.example.com/gw'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeGatewayUrl(input)).toBe(expected);
  });

  it('refuses what is not a URL', () => {
    expect(() => normalizeGatewayUrl('crm.example.com')).toThrow(ProtocolError);
  });
});

describe('localStoreName', () => {
  it('is one name per gateway and user', () => {
    expect(localStoreName('https://crm.example.com/gw/', 'jsmith')).toBe('fieldbook|jsmith|https://crm.example.com/gw');
    expect(localStoreName('HTTPS://CRM.example.com/gw', ' jsmith ')).toBe(localStoreName('https://crm.example.com/gw', 'jsmith'));
  });

  it('tells users, gateways and devices apart', () => {
    const names = [
      localStoreName('https://crm.example.com/gw', 'jsmith'),
      localStoreName('https://crm.example.com/gw', 'JSmith'),
      localStoreName('https://crm.example.com/other', 'jsmith'),
      localStoreName('https://crm.example.com/gw', 'jsmith', 'laptop'),
      localStoreName('https://crm.example.com/gw', 'jsmith', 'tablet'),
    ];
    expect(new Set(names).size).toBe(names.length);
  });

  it('needs a user name', () => {
    expect(() => localStoreName('https://crm.example.com', '  ')).toThrow(ProtocolError);
  });

  it('cannot be confused by separators in the user name', () => {
    expect(localStoreName('https://a.example.com', 'x|https://b.example.com')).not.toBe(localStoreName('https://b.example.com', 'x'));
    expect(localStoreName('https://a.example.com', 'x|y')).toBe('fieldbook|x%7Cy|https://a.example.com');
  });
});

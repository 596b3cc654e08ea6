import { parseGatewayOrigin } from '../../scripts/manifest/parse-gateway-origin.js';

describe('parseGatewayOrigin', () => {
  // [what the user typed, the origin]
  const accepted: Array<[string, string]> = [
    ['https://crm-gw.example.com', 'https://crm-gw.example.com'],
    ['https://crm-gw.example.com/', 'https://crm-gw.example.com'],
    ['  https://crm-gw.example.com  ', 'https://crm-gw.example.com'],
    ['https://CRM-GW.Example.COM', 'https://crm-gw.example.com'],
    ['https://crm.example.org:8443', 'https://crm.example.org:8443'],
    ['https://crm-gw.example.com:443', 'https://crm-gw.example.com'],
    ['https://10.0.0.7:3000', 'https://10.0.0.7:3000'],
    ['https://[::1]:3000', 'https://[::1]:3000'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ];
  it.each(accepted)('accepts %s as %s', (typed, origin) => {
    expect(parseGatewayOrigin(typed)).toEqual({ ok: true, origin });
  });

  // [what the user typed, why it is refused]
  const refused: Array<[string, RegExp]> = [
    ['', /no URL given/],
    ['crm-gw.example.com', /is not a URL/],
    ['https//crm-gw.example.com', /is not a URL/],
    ['https://', /is not a URL/],
    ['http://crm-gw.example.com', /is not https: Outlook loads add-ins only over HTTPS/],
    ['ftp://crm-gw.example.com', /is not https/],
    ['https://crm-gw.example.com/fieldbook', /has a path \(\/fieldbook\)/],
    ['https://crm-gw.example.com/pane/taskpane.html', /has a path/],
    ['https://crm-gw.example.com?x=1', /has a query or fragment/],
    ['https://crm-gw.example.com/?', /has a query or fragment/],
    ['https://crm-gw.example.com#top', /has a query or fragment/],
    ['https://admin:secret@crm-gw.example.com', /has a user name or password/],
    ['https://crm&gw.example.com', /is not a host name or IP address/],
    ['https://crm-gw.example.com:99999', /is not a URL/],
  ];
  it.each(refused)('refuses "%s"', (typed, reason) => {
    const parsed = parseGatewayOrigin(typed);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });
});

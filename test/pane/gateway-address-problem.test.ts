import { gatewayAddressProblem } from '../../src/taskpane/services/gateway-address-problem.js';

describe('gatewayAddressProblem', () => {
  it.each([
    ['https://crm.example.com', null],
    ['  https://crm.example.com:8443/  ', null],
    ['http://localhost:3000', null],
    ['ftp://crm.example.com', 'The gateway address must start with https://'],
    ['crm.example.com', 'Enter the gateway address, for example https://crm.example.com'],
    ['', 'Enter the gateway address, for example https://crm.example.com'],
  ])('%j → %j', (typed, problem) => {
    expect(gatewayAddressProblem(typed)).toBe(problem);
  });
});

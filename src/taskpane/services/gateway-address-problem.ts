/** Checks the typed gateway address; null when fine, else what is wrong. */
export function gatewayAddressProblem(text: string): string | null {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The gateway address must start with https://';
    return null;
  } catch {
    return 'Enter the gateway address, for example https://crm.example.com';
  }
}

// Basic auth is base64 of the UTF-8 bytes; btoa alone would reject (or mangle) a non-Latin-1 secret, and
// Buffer exists only on Node.
export function basicAuthorization(projectId: string, secret: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(`${projectId}:${secret}`)) {
    binary += String.fromCharCode(byte);
  }
  return `Basic ${btoa(binary)}`;
}

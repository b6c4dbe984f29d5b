/** Bytes of randomness in a generated gateway token: 256 bits, as strong as the key of a modern cipher. */
export const GATEWAY_TOKEN_BYTES = 32;

/** Fills a byte array with cryptographically strong random values (the browser's crypto.getRandomValues). */
export type RandomBytes = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

/** Creates a gateway token: GATEWAY_TOKEN_BYTES random bytes as base64url (43 characters, no padding), safe in headers and YAML. */
export function createGatewayToken(randomBytes: RandomBytes): string {
  const bytes = randomBytes(new Uint8Array(GATEWAY_TOKEN_BYTES));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

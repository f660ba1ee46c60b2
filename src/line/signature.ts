const encoder = new TextEncoder();

function base64ToBytes(value: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return null;
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export interface SignatureVerifier {
  /** True when `signature` is Base64(HMAC-SHA256(channel secret, raw body bytes)). */
  verify(rawBody: Uint8Array<ArrayBuffer>, signature: string | undefined | null): Promise<boolean>;
  sign(rawBody: Uint8Array<ArrayBuffer> | string): Promise<string>;
}

/**
 * LINE webhook signatures with Web Crypto, so the same code runs on Node and Workers.
 * `crypto.subtle.verify` compares the MAC in constant time.
 */
export async function createSignatureVerifier(channelSecret: string): Promise<SignatureVerifier> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(channelSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  return {
    async verify(rawBody, signature) {
      if (!signature) return false;
      const mac = base64ToBytes(signature.trim());
      if (mac?.length !== 32) return false;
      return crypto.subtle.verify("HMAC", key, mac, rawBody);
    },
    async sign(rawBody) {
      const bytes = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
      return bytesToBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes)));
    },
  };
}

/**
 * Secrets at rest for the platform registry: AES-256-GCM through Web Crypto (`crypto.subtle`), so the
 * same code runs on Node and on Workers. A sealed value is `v1.<iv>.<ciphertext+tag>` (base64url, a
 * fresh random 12-byte IV each time), bound by its additional data to what it is (e.g.
 * `tenant/<id>/channelSecret`): a sealed value copied into another row or field does not open.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const VERSION = "v1";
const IV_BYTES = 12;
export const SECRET_KEY_BYTES = 32;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const toBase64url = (bytes: Uint8Array) =>
  toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromBase64url = (text: string) => fromBase64(text.replace(/-/g, "+").replace(/_/g, "/"));

/**
 * The bytes of a `PLATFORM_SECRET_KEY` (standard or URL-safe base64 of 32 bytes, as
 * `openssl rand -base64 32` prints), or undefined when it is not one.
 */
export function secretKeyBytes(base64: string): Uint8Array<ArrayBuffer> | undefined {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  try {
    const bytes = fromBase64url(text.replace(/=+$/, ""));
    return bytes.length === SECRET_KEY_BYTES ? bytes : undefined;
  } catch {
    return undefined;
  }
}

export interface SecretBox {
  /** Encrypt `plain` for the place `context` names. */
  seal(plain: string, context: string): Promise<string>;
  /** Decrypt a sealed value; throws when it was tampered with, sealed for another context or under another key. */
  open(sealed: string, context: string): Promise<string>;
}

export async function createSecretBox(keyBase64: string): Promise<SecretBox> {
  const bytes = secretKeyBytes(keyBase64);
  if (!bytes) throw new Error("the platform secret key must be 32 bytes in base64");
  const key = await crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
  return {
    async seal(plain, context) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
        key,
        encoder.encode(plain),
      );
      return `${VERSION}.${toBase64url(iv)}.${toBase64url(new Uint8Array(sealed))}`;
    },
    async open(sealed, context) {
      const [version, iv, data] = sealed.split(".");
      if (version !== VERSION || !iv || !data) throw new Error("not a sealed secret");
      const plain = await crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: fromBase64url(iv),
          additionalData: encoder.encode(context),
        },
        key,
        fromBase64url(data),
      );
      return decoder.decode(plain);
    },
  };
}

/** Hex SHA-256 of a text (how an organisation's admin token is kept). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Plays the browser's side of a push subscription for tests: the P-256 key pair and 16-byte auth
// secret that PushManager.subscribe makes, and the decryption the browser does on receipt. Decryption
// is written here from RFC 8291 and RFC 8188 with node:crypto alone, rather than with http_ece (the
// library web-push encrypts with), so a mistake in the sending stack cannot cancel itself out.
import { createDecipheriv, createECDH, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface BrowserSubscription {
  /** The push service URL, as PushSubscription.endpoint. */
  endpoint: string;
  /** As PushSubscription.toJSON().keys: base64url, no padding. */
  keys: { p256dh: string; auth: string };
  /** The applicationServerKey the subscription was made with, if any (base64url). */
  applicationServerKey: string | undefined;
  /** Decrypts an aes128gcm push message body; throws if it was not encrypted for this subscription. */
  decrypt(body: Buffer): Buffer;
}

export function createBrowserSubscription(endpoint: string, applicationServerKey?: string): BrowserSubscription {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    endpoint,
    keys: { p256dh: publicKey.toString('base64url'), auth: authSecret.toString('base64url') },
    applicationServerKey,
    decrypt: (body) => decryptPushMessage(body, ecdh.getPrivateKey(), publicKey, authSecret),
  };
}

const TAG_LENGTH = 16;

/** RFC 8291 section 3 key derivation, then RFC 8188 record decryption. */
export function decryptPushMessage(body: Buffer, receiverPrivateKey: Buffer, receiverPublicKey: Buffer, authSecret: Buffer): Buffer {
  // RFC 8188 2.1 header: salt (16) | record size (uint32) | idlen (1) | keyid (idlen).
  if (body.length < 21) throw new Error('push message shorter than its header');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  if (recordSize < 18) throw new Error(`record size ${recordSize} is below the minimum of 18`);
  // RFC 8291 4: the keyid carries the sender's ephemeral public key, uncompressed.
  if (idLength !== 65) throw new Error(`keyid is ${idLength} bytes, expected a 65-byte P-256 public key`);
  const senderPublicKey = body.subarray(21, 21 + idLength);
  const records = body.subarray(21 + idLength);

  const receiver = createECDH('prime256v1');
  receiver.setPrivateKey(receiverPrivateKey);
  const sharedSecret = receiver.computeSecret(senderPublicKey);

  // IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublicKey, senderPublicKey]);
  const prkKey = createHmac('sha256', authSecret).update(sharedSecret).digest();
  const ikm = createHmac('sha256', prkKey)
    .update(Buffer.concat([keyInfo, Buffer.from([1])]))
    .digest();
  const contentKey = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));

  if (records.length === 0) throw new Error('push message has no records');
  const plain: Buffer[] = [];
  for (let offset = 0, sequence = 0; offset < records.length; offset += recordSize, sequence++) {
    const record = records.subarray(offset, Math.min(offset + recordSize, records.length));
    const last = offset + recordSize >= records.length;
    if (record.length <= TAG_LENGTH) throw new Error('record too short');
    const nonce = Buffer.from(baseNonce);
    // The nonce is the base nonce XOR the record's sequence number as a 96-bit big-endian integer.
    // (sequence numbers here stay below 2^32, so only the last four bytes change).
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ sequence) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', contentKey, nonce);
    decipher.setAuthTag(record.subarray(record.length - TAG_LENGTH));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_LENGTH)), decipher.final()]);
    plain.push(unpad(padded, last));
  }
  return Buffer.concat(plain);
}

/** RFC 8188 2: content, then a delimiter (2 in the last record, 1 before), then zero or more zeros. */
function unpad(padded: Buffer, last: boolean): Buffer {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0) throw new Error('record has no padding delimiter');
  const delimiter = padded[end];
  if (delimiter !== (last ? 2 : 1)) throw new Error(`padding delimiter ${delimiter} where ${last ? 2 : 1} was expected`);
  return padded.subarray(0, end);
}

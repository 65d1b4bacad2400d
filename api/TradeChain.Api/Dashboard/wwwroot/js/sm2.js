// SM2 signature verification (GB/T 32918.2, curve sm2p256v1, SM3 with the default user id) in plain
// JavaScript BigInt arithmetic: browsers' WebCrypto has no SM2. It only verifies public data (no
// secret enters it), so constant time does not matter here. Checked in the browser tests against
// signatures made by the ledger's own SM2 (BouncyCastle).

import { sm3 } from './sm3.js';
import { concat } from './bytes.js';

const P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFFn;
const A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFCn;
const B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93n;
const N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123n;
const GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7n;
const GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0n;
/** GB/T 32918's default distinguishing identifier, as the ledger signs with it. */
const DEFAULT_USER_ID = new TextEncoder().encode('1234567812345678');
/** 1.2.156.10197.1.301, the sm2p256v1 curve, as DER content bytes inside an SPKI. */
const SM2_CURVE_OID = [0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d];

const mod = (x, m = P) => {
  const r = x % m;
  return r < 0n ? r + m : r;
};

function modPow(base, exponent, m) {
  let result = 1n;
  let b = mod(base, m);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

const INFINITY = Object.freeze({ x: 0n, y: 1n, z: 0n });

// Jacobian coordinates (x/z², y/z³): no inversion until the end. a = −3 mod p for this curve.
function double(point) {
  if (point.z === 0n || point.y === 0n) return INFINITY;
  const delta = mod(point.z * point.z);
  const gamma = mod(point.y * point.y);
  const beta = mod(point.x * gamma);
  const alpha = mod(3n * (point.x - delta) * (point.x + delta));
  const x = mod(alpha * alpha - 8n * beta);
  const z = mod((point.y + point.z) ** 2n - gamma - delta);
  const y = mod(alpha * (4n * beta - x) - 8n * gamma * gamma);
  return { x, y, z };
}

function add(p, q) {
  if (p.z === 0n) return q;
  if (q.z === 0n) return p;
  const pz2 = mod(p.z * p.z);
  const qz2 = mod(q.z * q.z);
  const u1 = mod(p.x * qz2);
  const u2 = mod(q.x * pz2);
  const s1 = mod(p.y * qz2 * q.z);
  const s2 = mod(q.y * pz2 * p.z);
  if (u1 === u2) return s1 === s2 ? double(p) : INFINITY;
  const h = mod(u2 - u1);
  const r = mod(s2 - s1);
  const h2 = mod(h * h);
  const h3 = mod(h2 * h);
  const x = mod(r * r - h3 - 2n * u1 * h2);
  const y = mod(r * (u1 * h2 - x) - s1 * h3);
  return { x, y, z: mod(h * p.z * q.z) };
}

function affineX(point) {
  const zInverse = modPow(point.z, P - 2n, P);
  return mod(point.x * zInverse * zInverse);
}

/** [a]G + [b]Q in one pass over the bits (Shamir's trick). */
function twoScalars(a, g, b, q) {
  const both = add(g, q);
  let result = INFINITY;
  for (let bit = 255; bit >= 0; bit -= 1) {
    result = double(result);
    const ab = (a >> BigInt(bit)) & 1n;
    const bb = (b >> BigInt(bit)) & 1n;
    if (ab && bb) result = add(result, both);
    else if (ab) result = add(result, g);
    else if (bb) result = add(result, q);
  }
  return result;
}

const isOnCurve = (x, y) => mod(y * y) === mod(x * x * x + A * x + B);

const toBigInt = bytes => bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

function toBytes32(value) {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0; i -= 1) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The uncompressed point of an SM2 SubjectPublicKeyInfo (DER); throws on anything else. */
export function sm2PublicKeyFromSpki(spki) {
  const asText = Array.from(spki).join(',');
  if (!asText.includes(SM2_CURVE_OID.join(','))) throw new Error('the key is not on the SM2 curve sm2p256v1');
  // The BIT STRING of an SM2 SPKI is the last element: 0x03 0x42 0x00 0x04 ‖ x ‖ y.
  const point = spki.slice(spki.length - 65);
  if (spki[spki.length - 68] !== 0x03 || spki[spki.length - 66] !== 0x00 || point[0] !== 0x04) throw new Error('the key is not an uncompressed SM2 point');
  const x = toBigInt(point.slice(1, 33));
  const y = toBigInt(point.slice(33));
  if (!isOnCurve(x, y)) throw new Error('the key point is not on the SM2 curve');
  return { x, y, z: 1n };
}

/** DER SEQUENCE { INTEGER r, INTEGER s } → { r, s }; throws on malformed input. */
export function derSignature(der) {
  let offset = 0;
  const expect = tag => {
    if (der[offset] !== tag) throw new Error(`DER: expected tag 0x${tag.toString(16)} at ${offset}`);
    offset += 1;
    let length = der[offset];
    offset += 1;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count > 2) throw new Error('DER: length too long');
      length = 0;
      for (let i = 0; i < count; i += 1) length = (length << 8) | der[offset + i];
      offset += count;
    }
    if (offset + length > der.length) throw new Error('DER: length past the end');
    return length;
  };
  expect(0x30);
  const rLength = expect(0x02);
  const r = toBigInt(der.slice(offset, offset + rLength));
  offset += rLength;
  const sLength = expect(0x02);
  const s = toBigInt(der.slice(offset, offset + sLength));
  offset += sLength;
  if (offset !== der.length) throw new Error('DER: trailing bytes after the signature');
  return { r, s };
}

/** Whether the DER signature verifies over the message with SM2/SM3 and the default user id. */
export function sm2Verify(spki, message, der) {
  const publicKey = sm2PublicKeyFromSpki(spki);
  const { r, s } = derSignature(der);
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const entl = new Uint8Array([(DEFAULT_USER_ID.length * 8) >> 8, (DEFAULT_USER_ID.length * 8) & 0xff]);
  const z = sm3(concat(entl, DEFAULT_USER_ID, toBytes32(A), toBytes32(B), toBytes32(GX), toBytes32(GY), toBytes32(publicKey.x), toBytes32(publicKey.y)));
  const e = toBigInt(sm3(concat(z, message)));
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const point = twoScalars(s, { x: GX, y: GY, z: 1n }, t, publicKey);
  if (point.z === 0n) return false;
  return mod(e + affineX(point), N) === r;
}

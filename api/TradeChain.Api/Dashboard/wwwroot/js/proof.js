// Checks an event proof (tradechain.event-proof/1, docs/encoding.md) in the browser, step by step, as
// `tradechain verify-event` does for its event part: leaf hash of the event's canonical bytes, the
// Merkle path up to the events root in the signed batch header, and the member's signature over
// that header re-encoded canonically from its readable fields.
//   suite intl: SHA-256 and ECDSA P-256 through WebCrypto;
//   suite sm:   SM3 and SM2 in JavaScript (sm3.js, sm2.js), since WebCrypto has neither.
// Not checked here: the block's commit certificate and the transaction path (the proof's `ledger`
// part); `tradechain verify-event --genesis` and every node check those.

import { sm3 } from './sm3.js';
import { concat } from './bytes.js';
import { sm2Verify } from './sm2.js';

export const PROOF_FORMAT = 'tradechain.event-proof/1';
/** A proof path longer than this would need more than 2^64 leaves (MerkleTree.MaxPathLength). */
const MAX_PATH_LENGTH = 64;

const SUITES = {
  sm: { id: 1, hash: 'sm3', hashId: 1, signature: 'sm2-sm3' },
  intl: { id: 2, hash: 'sha256', hashId: 2, signature: 'ecdsa-p256-sha256' },
};
const FEEDS = { Manifest: 1, CustomsStatus: 2, PortGate: 3, Tax: 4, TransportMovement: 5 };
const BATCH_HEADER_TAG = 0x0103;
const BATCH_HEADER_VERSION = 1;

/**
 * { valid, suite, checks: [{ name, passed, detail }] }. Never throws for a bad proof: a malformed
 * one is a failed check that says what is wrong.
 */
export async function verifyEventProof(proof) {
  const checks = [];
  const check = (name, passed, detail) => {
    checks.push({ name, passed, detail });
    return passed;
  };
  const finish = () => ({ valid: checks.length > 0 && checks.every(c => c.passed), suite: proof?.suite, checks });
  const suite = SUITES[proof?.suite];
  if (proof?.format !== PROOF_FORMAT || !suite) {
    check('format', false, `not a ${PROOF_FORMAT} proof of a known suite (format '${proof?.format}', suite '${proof?.suite}')`);
    return finish();
  }
  let hash;
  try {
    hash = await hasher(suite);
  } catch (error) {
    check('hash-available', false, error.message);
    return finish();
  }
  try {
    const leafHash = digest(proof.leafHash, suite);
    if (proof.event === null) {
      check('event-redacted', true, 'the event was redacted; its leaf hash stands in for it');
    } else {
      const computed = await hash(concat([0x00], base64(proof.event)));
      check('leaf-hash', equal(computed, leafHash), `${suite.hash}(0x00 ‖ event bytes) = ${hex(computed)}`);
    }
    const batch = proof.batch;
    check('leaf-count', proof.leafCount === batch.eventCount, `leaf ${proof.leafIndex} of ${proof.leafCount}; the signed header says ${batch.eventCount} events`);
    const root = digest(batch.eventsRoot, suite);
    const reached = await merkleRoot(hash, leafHash, proof.leafIndex, proof.leafCount, proof.path.map(p => digest(p, suite)));
    check('merkle-path', reached !== null && equal(reached, root),
      reached === null ? 'the path has the wrong length for its leaf index and count' : `path of ${proof.path.length} hashes reaches ${hex(reached)}; signed root ${hex(root)}`);
    const header = encodeBatchHeader(batch, suite);
    const [algorithm, signatureHex] = splitQualified(proof.signature);
    if (algorithm !== suite.signature || proof.signerKeyAlgorithm !== suite.signature) {
      check('batch-signature', false, `suite ${proof.suite} signs with ${suite.signature}; the proof has ${algorithm} and key ${proof.signerKeyAlgorithm}`);
    } else {
      const verified = await verifySignature(suite, base64(proof.signerKey), header, fromHex(signatureHex));
      check('batch-signature', verified, `${suite.signature} over the ${header.length}-byte canonical batch header, checked in this browser (${suite.id === 1 ? 'SM2 in JavaScript' : 'WebCrypto'})`);
    }
  } catch (error) {
    check('readable', false, `the proof cannot be read: ${error.message}`);
  }
  return finish();
}

/** The canonical BatchHeader bytes (docs/encoding.md): what the member signed. */
export function encodeBatchHeader(batch, suite) {
  const feed = FEEDS[batch.feed];
  if (!feed) throw new Error(`unknown feed '${batch.feed}'`);
  const member = new TextEncoder().encode(batch.memberId);
  const root = digest(batch.eventsRoot, suite);
  const bytes = new Uint8Array(2 + 1 + 4 + member.length + 1 + 8 + 8 + 1 + 4 + 1 + 32);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  view.setUint16(offset, BATCH_HEADER_TAG);
  offset += 2;
  view.setUint8(offset, BATCH_HEADER_VERSION);
  offset += 1;
  view.setUint32(offset, member.length);
  offset += 4;
  bytes.set(member, offset);
  offset += member.length;
  view.setUint8(offset, feed);
  offset += 1;
  view.setBigUint64(offset, BigInt(batch.sequence));
  offset += 8;
  view.setBigInt64(offset, BigInt(batch.createdAtMs));
  offset += 8;
  view.setUint8(offset, suite.id);
  offset += 1;
  view.setUint32(offset, batch.eventCount);
  offset += 4;
  view.setUint8(offset, suite.hashId);
  offset += 1;
  bytes.set(root, offset);
  return bytes;
}

/** RFC 9162 §2.1.3.2 with domain-separated nodes (0x01 ‖ left ‖ right); null when the path does not fit the tree. */
export async function merkleRoot(hash, leafHash, leafIndex, leafCount, path) {
  if (!(leafIndex >= 0 && leafIndex < leafCount) || path.length > MAX_PATH_LENGTH) return null;
  let fn = leafIndex;
  let sn = leafCount - 1;
  let running = leafHash;
  for (const sibling of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      running = await hash(concat([0x01], sibling, running));
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      running = await hash(concat([0x01], running, sibling));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? running : null;
}

async function hasher(suite) {
  if (suite.hash === 'sm3') return async bytes => sm3(bytes);
  if (!globalThis.crypto?.subtle) throw new Error('WebCrypto is unavailable here (it needs HTTPS or a loopback address), so SHA-256 cannot be computed in this browser');
  return async bytes => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

async function verifySignature(suite, spki, message, der) {
  if (suite.signature === 'sm2-sm3') return sm2Verify(spki, message, der);
  const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToP1363(der), message);
}

/** WebCrypto takes ECDSA signatures as r ‖ s (32 bytes each), the ledger writes DER. */
export function derToP1363(der) {
  if (der[0] !== 0x30 || der[2] !== 0x02) throw new Error('the signature is not DER SEQUENCE { INTEGER, INTEGER }');
  const rLength = der[3];
  const r = der.slice(4, 4 + rLength);
  if (der[4 + rLength] !== 0x02) throw new Error('the signature is not DER SEQUENCE { INTEGER, INTEGER }');
  const sLength = der[5 + rLength];
  const s = der.slice(6 + rLength, 6 + rLength + sLength);
  const out = new Uint8Array(64);
  const place = (value, at) => {
    const trimmed = value.slice(Math.max(0, value.length - 32));
    out.set(trimmed, at + 32 - trimmed.length);
  };
  place(r, 0);
  place(s, 32);
  return out;
}

function digest(text, suite) {
  const [algorithm, value] = splitQualified(text);
  if (algorithm !== suite.hash) throw new Error(`digest '${text}' is not ${suite.hash}`);
  const bytes = fromHex(value);
  if (bytes.length !== 32) throw new Error(`digest '${text}' is not 32 bytes`);
  return bytes;
}

function splitQualified(text) {
  const colon = String(text).indexOf(':');
  if (colon <= 0) throw new Error(`'${text}' is not 'algorithm:hex'`);
  return [text.slice(0, colon), text.slice(colon + 1)];
}

export function fromHex(text) {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new Error('not hexadecimal');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function hex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

function base64(text) {
  const binary = atob(text);
  return Uint8Array.from(binary, c => c.charCodeAt(0));
}

function equal(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// SM3 (GB/T 32905-2016) in plain JavaScript: browsers' WebCrypto has no SM3. Checked against the
// standard's two examples in the browser tests (tests/TradeChain.Api.Tests/Browser).

const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

const rotl = (x, n) => ((x << (n & 31)) | (x >>> (32 - (n & 31)))) >>> 0;
const p0 = x => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = x => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;

/** SM3 digest (32 bytes) of a Uint8Array. */
export function sm3(message) {
  const bitLength = message.length * 8;
  const paddedLength = Math.ceil((message.length + 9) / 64) * 64;
  const padded = new Uint8Array(paddedLength);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  // Lengths here stay far below 2^53 bits; the high word carries what lies above 2^32.
  view.setUint32(paddedLength - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(paddedLength - 4, bitLength >>> 0);
  const v = IV.slice();
  const w = new Uint32Array(68);
  const w1 = new Uint32Array(64);
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let j = 0; j < 16; j += 1) w[j] = view.getUint32(offset + j * 4);
    for (let j = 16; j < 68; j += 1) w[j] = (p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6]) >>> 0;
    for (let j = 0; j < 64; j += 1) w1[j] = (w[j] ^ w[j + 4]) >>> 0;
    let [a, b, c, d, e, f, g, hh] = v;
    for (let j = 0; j < 64; j += 1) {
      const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
      const ss1 = rotl((rotl(a, 12) + e + rotl(t, j % 32)) >>> 0, 7);
      const ss2 = (ss1 ^ rotl(a, 12)) >>> 0;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = ((ff >>> 0) + d + ss2 + w1[j]) >>> 0;
      const tt2 = ((gg >>> 0) + hh + ss1 + w[j]) >>> 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      hh = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => { v[i] = (v[i] ^ x) >>> 0; });
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  v.forEach((x, i) => outView.setUint32(i * 4, x));
  return out;
}

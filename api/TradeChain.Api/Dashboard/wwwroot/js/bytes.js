// Byte-array helpers the proof check and SM2 share (Uint8Array in, Uint8Array out).

/** The parts one after another in one new array. */
export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

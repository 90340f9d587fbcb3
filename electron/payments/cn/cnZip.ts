/**
 * The smallest zip reader and writer the bill download needs, over node:zlib's raw deflate: no zip
 * library is a dependency of this project (only `unzipper`/`pkijs` sit extraneous in node_modules,
 * not installable here). Stored (0) and deflated (8) entries, no zip64, no encryption, no spanning.
 * Entry names: UTF-8 when flag bit 11 says so, else GBK (what Alipay's bill zips use).
 */
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { PosError } from '../../../shared/errors/posError';

export class CorruptZipError extends PosError {
  constructor(message: string) {
    super('SETTLEMENT_INVALID', `bill zip: ${message}`);
  }
}

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** Uncompressed bytes we accept from one bill zip: a real day is far below this; more is a zip bomb. */
const MAX_TOTAL = 512 * 1024 * 1024;

export function writeZip(entries: readonly { readonly name: string; readonly data: Buffer }[], nameEncoding: 'gbk' | 'utf8' = 'gbk'): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = nameEncoding === 'utf8' ? Buffer.from(e.name, 'utf8') : iconv.encode(e.name, 'gbk');
    const flags = nameEncoding === 'utf8' ? 0x0800 : 0;
    const packed = zlib.deflateRawSync(e.data);
    const crc = zlib.crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(0, 10); // time/date: 1980-01-01 is fine for a generated file
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(packed.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    locals.push(lh, name, packed);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(0, 12);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(packed.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export function readZip(buf: Buffer): ZipEntry[] {
  if (buf.length < 22) throw new CorruptZipError('too short to be a zip');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new CorruptZipError('no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > eocd) throw new CorruptZipError('central directory out of range');
  const out: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new CorruptZipError(`central directory entry ${n} is damaged`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const rawName = buf.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x0800 ? rawName.toString('utf8') : iconv.decode(rawName, 'gbk');
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x0001) throw new CorruptZipError(`${name} is encrypted`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new CorruptZipError(`${name}: local header missing`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + csize > buf.length) throw new CorruptZipError(`${name}: data runs past the end of the file`);
    total += usize;
    if (total > MAX_TOTAL) throw new CorruptZipError('uncompressed size above the limit');
    const packed = buf.subarray(start, start + csize);
    let data: Buffer;
    try {
      data = method === 0 ? Buffer.from(packed) : method === 8 ? zlib.inflateRawSync(packed, { maxOutputLength: Math.max(usize, 1) }) : (() => {
        throw new CorruptZipError(`${name}: compression method ${method} not supported`);
      })();
    } catch (e) {
      if (e instanceof CorruptZipError) throw e;
      throw new CorruptZipError(`${name}: ${(e as Error).message}`);
    }
    if (data.length !== usize) throw new CorruptZipError(`${name}: ${data.length} bytes, the directory says ${usize}`);
    if (zlib.crc32(data) !== crc) throw new CorruptZipError(`${name}: CRC mismatch`);
    out.push({ name, data });
  }
  return out;
}

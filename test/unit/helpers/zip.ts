/**
 * A zip writer (stored or deflated entries, as the ZIP spec lays them out) for tests that serve
 * History Server log downloads, so entry names can be anything, hostile ones included.
 */
import * as zlib from 'zlib';

export interface ZipEntry {
  name: string;
  data?: Buffer;
  deflate?: boolean;
  /** A Unix file mode (type and permissions) to record, as zips written on Unix do; e.g. 0o120777 for a symbolic link. */
  unixMode?: number;
}

export function makeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = entry.data ?? Buffer.alloc(0);
    const stored = entry.deflate ? zlib.deflateRawSync(data) : data;
    const method = entry.deflate ? 8 : 0;
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(stored.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(name.length, 28);
    if (entry.unixMode !== undefined) {
      header.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
      header.writeUInt32LE((entry.unixMode << 16) >>> 0, 38);
    }
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    central.push(header, name);
    offset += local.length + name.length + stored.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}


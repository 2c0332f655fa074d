/**
 * Tar archives (the pre-1.6 PyTorch tar checkpoint, `model.pth.tar` style tarballs): a walk over the 512-byte
 * headers with random access, nothing extracted. ustar, GNU (long names `L`, base-256 sizes) and PAX (`path`,
 * `size` records) headers are understood; member data is handed out as slices of the source.
 */
import type { ByteSource } from './source.js'

export interface TarMember {
  name: string
  /** '0' regular file, '5' directory, '2' symlink, '1' hard link, … */
  type: string
  size: number
  dataStart: number
  linkName?: string
}

export interface TarListing {
  members: TarMember[]
  omitted: number
  /** Why the walk stopped early (damaged header, data past the end), if it did. */
  problem?: string
}

const text = (b: Uint8Array) => {
  const nul = b.indexOf(0)
  return Buffer.from(b.subarray(0, nul < 0 ? b.length : nul)).toString('utf8')
}

function parseSize(f: Uint8Array): number {
  if (f[0]! & 0x80) {
    // GNU base-256: big-endian, first byte's high bit set.
    let v = f[0]! & 0x7f
    for (let i = 1; i < f.length; i++) v = v * 256 + f[i]!
    return v
  }
  const t = text(f).trim()
  return t === '' ? 0 : /^[0-7]+$/.test(t) ? Number.parseInt(t, 8) : Number.NaN
}

function checksumOk(h: Uint8Array): boolean {
  const declared = Number.parseInt(text(h.subarray(148, 156)).trim(), 8)
  let sum = 0
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!
  return declared === sum
}

function paxRecords(b: Uint8Array): Map<string, string> {
  const out = new Map<string, string>()
  const s = Buffer.from(b).toString('utf8')
  let i = 0
  while (i < s.length) {
    const sp = s.indexOf(' ', i)
    if (sp < 0) break
    const len = Number.parseInt(s.slice(i, sp), 10)
    if (!Number.isSafeInteger(len) || len <= 0) break
    const rec = s.slice(sp + 1, i + len - 1)
    const eq = rec.indexOf('=')
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1))
    i += len
  }
  return out
}

/** Lists a tar archive's members (at most `maxMembers`). */
export async function listTar(src: ByteSource, maxMembers = 100_000): Promise<TarListing> {
  const members: TarMember[] = []
  let omitted = 0
  let pos = 0
  let longName: string | undefined
  let pax = new Map<string, string>()
  while (pos + 512 <= src.size) {
    const h = await src.readRange(pos, pos + 512)
    if (h.every((b) => b === 0)) return { members, omitted }
    if (!checksumOk(h)) return { members, omitted, problem: `the tar header at byte ${pos} has a wrong checksum` }
    const type = h[156] === 0 ? '0' : String.fromCharCode(h[156]!)
    const size = parseSize(h.subarray(124, 136))
    if (!Number.isSafeInteger(size) || size < 0) return { members, omitted, problem: `the tar header at byte ${pos} has an invalid size` }
    const dataStart = pos + 512
    if (dataStart + size > src.size) return { members, omitted, problem: `member data at byte ${dataStart} runs past the end of the file (${size} bytes declared)` }
    const next = dataStart + Math.ceil(size / 512) * 512
    if (type === 'L' || type === 'x' || type === 'g') {
      if (size > 1 << 20) return { members, omitted, problem: `an extended header at byte ${pos} is larger than 1 MiB` }
      const body = await src.readRange(dataStart, dataStart + size)
      if (type === 'L') longName = text(body)
      else if (type === 'x') pax = paxRecords(body)
      pos = next
      continue
    }
    const prefix = text(h.subarray(345, 500))
    const base = text(h.subarray(0, 100))
    const name = pax.get('path') ?? longName ?? (h[257] === 0x75 && prefix ? `${prefix}/${base}` : base)
    const paxSize = pax.get('size')
    const realSize = paxSize !== undefined && /^\d+$/.test(paxSize) ? Number(paxSize) : size
    if (members.length >= maxMembers) omitted++
    else {
      const m: TarMember = { name, type, size: realSize, dataStart }
      const link = pax.get('linkpath') ?? text(h.subarray(157, 257))
      if (link) m.linkName = link
      members.push(m)
    }
    longName = undefined
    pax = new Map()
    pos = paxSize !== undefined ? dataStart + Math.ceil(realSize / 512) * 512 : next
  }
  return pos < src.size ? { members, omitted, problem: `the archive ends inside a header at byte ${pos}` } : { members, omitted }
}

/**
 * Issue #16 (PII on real data) and #17 item 4 (encodings and containers): phone column and row context,
 * RFC 4180 records, notebook data frames, look-alikes, sniffed formats, contact points, UTF-16/32, NUL
 * bytes, gzip and zip, unscanned formats.
 */
import { crc32, deflateRawSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from '@jest/globals'
import { dataFormatOf } from '../../../src/formats/pii/format.js'
import { scanFile } from '../../../src/formats/pii/scan.js'
import { brief, counts, detector, memorySource } from './support.js'

const enc = (s: string) => new TextEncoder().encode(s)

/** A zip archive (deflated members), written by hand: the format's three records, little-endian. */
function zip(members: Record<string, string | Uint8Array>): Uint8Array {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, content] of Object.entries(members)) {
    const data = Buffer.from(typeof content === 'string' ? enc(content) : content)
    const packed = deflateRawSync(data)
    const n = Buffer.from(name)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(n.length, 26)
    const c = Buffer.alloc(46)
    c.writeUInt32LE(0x02014b50, 0)
    c.writeUInt16LE(20, 4)
    c.writeUInt16LE(20, 6)
    c.writeUInt16LE(8, 10)
    c.writeUInt32LE(crc, 16)
    c.writeUInt32LE(packed.length, 20)
    c.writeUInt32LE(data.length, 24)
    c.writeUInt16LE(n.length, 28)
    c.writeUInt32LE(offset, 42)
    parts.push(local, n, packed)
    central.push(c, n)
    offset += 30 + n.length + packed.length
  }
  const cd = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(members).length, 8)
  end.writeUInt16LE(Object.keys(members).length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...parts, cd, end]))
}

/** Scans with the format the lead's scoping would pass: decided from the name only. */
async function scan(path: string, content: string | Uint8Array, o: { contactPoints?: boolean; maxInflatedBytes?: number; regions?: string[] } = {}) {
  const bytes = typeof content === 'string' ? enc(content) : content
  return scanFile(memorySource(path, bytes, 1000), dataFormatOf(path) ?? 'text', { detector: detector({ regions: o.regions }), sampleWindows: 16, contactPoints: o.contactPoints, maxInflatedBytes: o.maxInflatedBytes })
}

const evidence = (r: Awaited<ReturnType<typeof scan>>) => r.groups.filter((g) => g.kind === 'phone').map((g) => `${g.column} x${g.count} ${g.evidence?.join('+')}`)

describe('phone numbers: column and row context', () => {
  it('a phone column takes numbers valid in any region; national formats of eight countries', async () => {
    const rows = ['020 7946 0958', '030 12345678', '06 12 34 56 78', '081234 56789', '(11) 96123-4567', '090-1234-5678', '0412 345 678', '(415) 555-0132']
    const r = await scan('c.csv', `id,mobile\n${rows.map((p, i) => `${i},${p}`).join('\n')}\n`)
    expect(evidence(r)).toEqual(['mobile x8 column name+configured region'])
  })

  it('a country column (code or name, in several languages) decides the row; outside phone columns the regions still do', async () => {
    const csv = 'name;note;Land\nA;ruf an: 030 12345678;Deutschland\nB;ruf an: 030 12345678;DE\nC;call 020 7946 0958;United Kingdom\nD;call 020 7946 0958;\n'
    expect(evidence(await scan('k.csv', csv))).toEqual(['note x3 country column'])
  })

  it('JSON lines: a country key before the phone decides its region', async () => {
    const r = await scan('r.jsonl', '{"country":"France","tel":"01 23 45 67 89"}\n{"country":"US","note":"call 01 23 45 67 89"}\n')
    expect(evidence(r)).toEqual(['tel x1 country column'])
  })

  it('look-alikes: ISO 6709 coordinates, runs of small integers, glued country codes; none in a phone column is lost', async () => {
    const text = [
      'EG\t+3003+03115\tAfrica/Cairo',
      'BR\t-2332-04637\tAmerica/Sao_Paulo',
      'US\t+404251-0740023\tAmerica/New_York',
      '1 2 3 4 5 6 7 8 9 10',
      '0 1 1 2 3 5 8 13 21 34',
    ].join('\n')
    expect(brief(await scan('zone.txt', text, { regions: ['US', 'BR', 'GB', 'DE'] }))).toEqual([])
    expect(brief(await scan('run.txt', 'run 1518-583-4480\n'))).toEqual([])
    // The same shapes keep counting where a phone column or a + says so.
    expect(counts(await scan('p.csv', 'phone\n1 206 555 0138\n+33 6 12 34 56 78\n1-518-583-4480\n'))).toEqual({ phone: 3 })
  })
})

describe('CSV records (RFC 4180)', () => {
  it('multi-line quoted cells keep their column label and position; doubled quotes and delimiters inside quotes', async () => {
    const csv = 'id,full_name,address,phone\r\n1,Ada Lovelace,"12 St James\'s Square\r\nLondon SW1Y 4JH",+44 20 7946 0958\r\n2,"Smith, ""Jo""","1 Main St, Apt 2\nSpringfield\nIL 62704",(415) 555-0132\r\n3,Bo Li,"Hauptstraße 5, 10115 Berlin",\r\n'
    const r = await scan('a.csv', csv)
    expect(brief(r)).toEqual([
      'person-name full_name@2:3 x3 A***',
      'address address@2:17 x3 1***',
      'phone phone@3:18 x2 +** ** **** **58',
    ])
  })

  it('semicolon, tab and pipe delimiters are sniffed from the first records', async () => {
    for (const d of [';', '\t', '|']) {
      const r = await scan('t.csv', `name${d}email${d}note\n"Ada, Countess"${d}ada@example.com${d}a, b, c\nGrace${d}grace@example.org${d}x\n`)
      expect(r.groups.map((g) => `${g.kind} ${g.column} x${g.count}`)).toEqual(['email email x2'])
    }
  })
})

describe('notebook data frames', () => {
  const html = ['<table border="1" class="dataframe">\n', '<thead><tr><th></th><th>Name</th><th>Address</th><th>Email</th><th>Phone</th><th>Country</th></tr></thead>\n', '<tbody>\n', '<tr><th>0</th><td>Zoë Müller</td><td>Hauptstraße 5, 10115 Berlin</td><td>zoe@example.de</td><td>030 12345678</td><td>DE</td></tr>\n', '<tr><th>1</th><td>João da Silva</td><td>Rua Augusta, 1500 São Paulo</td><td>joao@example.com.br</td><td>(11) 96123-4567</td><td>BR</td></tr>\n', '</tbody></table>']
  // pandas' repr: columns right-aligned under their names, two spaces apart.
  const frame = [['', 'Name', 'Address', 'Email', 'Phone', 'Country'], ['0', 'Zoë Müller', 'Hauptstraße 5, 10115 Berlin', 'zoe@example.de', '030 12345678', 'DE'], ['1', 'João da Silva', 'Rua Augusta, 1500 São Paulo', 'joao@example.com.br', '(11) 96123-4567', 'BR']]
  const widths = frame[0]!.map((_, j) => Math.max(...frame.map((r) => r[j]!.length)))
  const lines = frame.map((r) => r.map((v, j) => (j === 0 ? v.padEnd(widths[0]!) : v.padStart(widths[j]!))).join('  '))
  const plain = lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l))
  const nb = (outputs: unknown[]) => JSON.stringify({ cells: [{ cell_type: 'code', source: ['df.head()'], outputs }] }, null, 1)

  it('text/html and text/plain renderings are read as one table with column headers (counted once)', async () => {
    const r = await scan('n.ipynb', nb([{ output_type: 'execute_result', data: { 'text/html': html, 'text/plain': plain } }]))
    expect(r.groups.map((g) => `${g.kind} ${g.column} ${g.where} x${g.count}`)).toEqual([
      'person-name Name the output of cell 1 x2',
      'address Address the output of cell 1 x2',
      'email Email the output of cell 1 x2',
      'phone Phone the output of cell 1 x2',
    ])
    expect(r.groups.find((g) => g.kind === 'phone')?.evidence).toEqual(['country column'])
  })

  it('a text/plain rendering alone is read as a table; stream output and tracebacks as text', async () => {
    const r = await scan('n.ipynb', nb([
      { output_type: 'execute_result', data: { 'text/plain': plain } },
      { output_type: 'stream', name: 'stdout', text: ['mailed ops@example.org\n'] },
      { output_type: 'error', ename: 'KeyError', evalue: 'x', traceback: ["\u001b[0;31mKeyError\u001b[0m: 'jo@example.net'"] },
    ]))
    // Both e-mails are in the outputs of cell 1: one group.
    expect(r.groups.map((g) => `${g.kind} ${g.column ?? '-'} x${g.count}`)).toEqual(['person-name Name x2', 'address Address x2', 'email Email x2', 'phone Phone x2', 'email - x2'])
  })
})

describe('formats by name and content', () => {
  it('dataFormatOf: case-insensitive extensions, magic numbers, sniffed tables and JSON lines, prose stays text', () => {
    const f = (path: string, text?: string | Uint8Array) => dataFormatOf(path, typeof text === 'string' ? enc(text) : text)
    expect([f('A.CSV'), f('x.Parquet'), f('d.XLSX'), f('t.csv.gz'), f('README.md'), f('notes.txt'), f('data')]).toEqual(['csv', 'parquet', 'excel', 'gzip', 'markdown', 'text', undefined])
    expect(f('customers', 'id,name,email\n1,Ada,a@x.org\n2,Bo,b@x.org\n')).toBe('csv')
    expect(f('export.txt', 'id\tname\n1\tAda\n2\tBo\n')).toBe('tsv')
    expect(f('records.dat', '{"a":1}\n{"a":2}\n')).toBe('jsonl')
    expect(f('notes.txt', 'Hello, world.\nThis is prose, with commas, here and there.\nAnd more.\n')).toBe('text')
    expect(f('run.log', '[INFO] started\n[2024-01-05 12:00] call 206-555-0138\n')).toBe(undefined)
    expect(f('out.txt', '[INFO] started\n')).toBe('text')
    expect(f('dump.data', '[\n {"a": 1},\n')).toBe('json')
    expect(f('data.csv', new Uint8Array([0x1f, 0x8b, 8, 0]))).toBe('gzip')
    expect(f('x.db', enc('SQLite format 3\u0000' + 'x'.repeat(100)))).toBe('sqlite')
    expect(f('book.xlsx', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toBe('excel')
    expect(f('archive.bin', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toBe('zip')
  })

  it('an extensionless or .dat file holding a table or JSON lines is scanned as one', async () => {
    expect(brief(await scan('exports/customers', 'name,email\nAda Lovelace,ada@example.com\n'))).toEqual(['person-name name@2:1 x1 A***', 'email email@2:14 x1 a***@e***.com'])
    expect(brief(await scan('r.DAT', '{"email":"ada@example.com"}\n'))).toEqual(['email email@1:11 x1 a***@e***.com'])
  })

  it('UTF-16 and UTF-32 with or without BOM, and text with stray NUL bytes, are decoded and scanned', async () => {
    const text = 'name,email\nAda,ada@example.com\n'
    const u16le = (bom: boolean) => new Uint8Array([...(bom ? [0xff, 0xfe] : []), ...[...text].flatMap((c) => [c.charCodeAt(0), 0])])
    const u16be = (bom: boolean) => new Uint8Array([...(bom ? [0xfe, 0xff] : []), ...[...text].flatMap((c) => [0, c.charCodeAt(0)])])
    const u32 = (le: boolean, bom: boolean) => new Uint8Array([...(bom ? (le ? [0xff, 0xfe, 0, 0] : [0, 0, 0xfe, 0xff]) : []), ...[...text].flatMap((c) => (le ? [c.charCodeAt(0), 0, 0, 0] : [0, 0, 0, c.charCodeAt(0)]))])
    const nul = enc('name,email\nAda,ada@example.com\u0000\n' + 'x,y\n'.repeat(40))
    for (const [bytes, encoding] of [[u16le(true), 'UTF-16LE'], [u16le(false), 'UTF-16LE'], [u16be(false), 'UTF-16BE'], [u32(true, true), 'UTF-32LE'], [u32(true, false), 'UTF-32LE'], [u32(false, false), 'UTF-32BE'], [nul, 'UTF-8 with stray NUL bytes (read as spaces)']] as const) {
      const r = await scan('u.csv', bytes)
      expect([r.encoding, r.problem, counts(r)]).toEqual([encoding, undefined, { email: 1 }])
    }
  })

  it('gzip-compressed data is scanned inside, under the inner name; a bomb stops at the budget with a problem', async () => {
    const r = await scan('data/c.csv.gz', gzipSync(enc('name,email\nAda Lovelace,ada@example.com\n')))
    expect([r.format, r.problem, brief(r)]).toEqual(['gzip', undefined, ['person-name name@2:1 x1 A***', 'email email@2:14 x1 a***@e***.com']])
    const bomb = gzipSync(enc('email\nada@example.com\n' + ' '.repeat(8 << 20)))
    const b = await scan('b.csv.gz', bomb, { maxInflatedBytes: 4 << 20 })
    expect([b.problem, counts(b)]).toEqual(['the gzip data was scanned in part: it inflates past the 4 MiB budget: the rest was not scanned', { email: 1 }])
    const ratio = await scan('r.csv.gz', bomb)
    expect(ratio.problem).toBe('the gzip data was scanned in part: it inflates more than 1000:1 (a decompression bomb?): the rest was not scanned')
  })

  it('zip archives: data members are scanned, labelled by member; binary members are skipped; a bomb member stops the scan', async () => {
    const z = zip({ 'export/customers.CSV': 'name,email\nAda Lovelace,ada@example.com\n', 'export/records': '{"email":"bo@example.org"}\n', 'model.bin': new Uint8Array([0, 1, 2, 3, 0, 0, 7]) })
    const r = await scan('exports.zip', z)
    expect([r.format, r.members, r.problem]).toEqual(['zip', 2, undefined])
    expect(r.groups.map((g) => `${g.kind} ${g.column} ${g.where} x${g.count}`)).toEqual([
      'email email export/records in the archive x1',
      'person-name name export/customers.CSV in the archive x1',
      'email email export/customers.CSV in the archive x1',
    ])
    const bomb = await scan('b.zip', zip({ 'a.csv': 'email\nada@example.com\n' + ' '.repeat(8 << 20) }))
    expect([bomb.problem, counts(bomb)]).toEqual(['zip member a.csv: it inflates more than 1000:1 (a decompression bomb?): the rest was not scanned', { email: 1 }])
  })

  it('SQLite databases and Excel workbooks are recognised as unscanned data', async () => {
    expect((await scan('x.sqlite', enc('SQLite format 3\u0000' + 'x'.repeat(100)))).unscanned).toBe('an SQLite database')
    expect((await scan('Book1.XLSX', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).unscanned).toBe('a spreadsheet workbook (Excel/OpenDocument)')
  })
})

describe('public contact points', () => {
  it('e-mails, phones and names in SECURITY.md, CITATION.cff and package metadata are not findings unless the switch is off', async () => {
    const sec = 'Report to security@example.org or +1 206 555 0100. Card 4111 1111 1111 1111.\n'
    expect(counts(await scan('SECURITY.md', sec))).toEqual({ 'credit-card': 1 })
    expect(counts(await scan('SECURITY.md', sec, { contactPoints: false }))).toEqual({ email: 1, phone: 1, 'credit-card': 1 })
    expect(counts(await scan('pkg/package.json', '{"author": "Ada <ada@example.org>", "maintainers": [{"email": "g@example.org"}]}'))).toEqual({})
    expect(counts(await scan('CITATION.cff', 'authors:\n  - given-names: Ada\n    email: ada@example.org\n'))).toEqual({})
    expect(counts(await scan('data/people.json', '{"email": "ada@example.org"}'))).toEqual({ email: 1 })
  })
})

import { describe, expect, it } from '@jest/globals'
import { PII_KINDS } from '../../../src/formats/pii/kinds.js'
import { textBlocks } from '../../../src/formats/pii/lines.js'
import { brief, counts, detector, expected, fixture, scan } from './support.js'

const FILES = Object.keys(expected)

describe('fixtures: exact counts per kind', () => {
  it.each(FILES.filter((f) => !expected[f]!.problem))('%s', async (name) => {
    const r = await scan(name, fixture(name), { detector: detector({ custom: [{ name: 'employee-id', pattern: 'EMP-\\d{6}' }] }) })
    expect(r.problem).toBeUndefined()
    expect(counts(r)).toEqual(expected[name]!.counts)
  })

  it('finds every planted value at its line (recall) and nothing else (precision)', async () => {
    for (const name of ['customers.csv', 'edge_quoted.csv', 'README.md', 'contacts.yaml', 'analysis.ipynb']) {
      const r = await scan(name, fixture(name), { detector: detector({ custom: [{ name: 'employee-id', pattern: 'EMP-\\d{6}' }] }) })
      for (const g of r.groups) {
        // The first occurrence of each group is a planted value of that kind on that line.
        const planted = expected[name]!.values.filter((v) => v.kind === g.kind && v.line === g.firstLine)
        expect([name, g.kind, g.firstLine, planted.length > 0]).toEqual([name, g.kind, g.firstLine, true])
      }
    }
  })

  it('streams in small chunks and small blocks with the same result', async () => {
    for (const name of ['customers.csv', 'edge_quoted.csv', 'records.jsonl', 'analysis.ipynb', 'README.md']) {
      const whole = await scan(name, fixture(name))
      const tiny = await scan(name, fixture(name), { chunk: 7, blocks: { blockChars: 50 } })
      expect([name, brief(tiny)]).toEqual([name, brief(whole)])
    }
  })
})

describe('look-alikes', () => {
  it('order numbers, part numbers, versions, GTINs, voided SSNs, bad checksums, private IPs: zero findings', async () => {
    const r = await scan('lookalikes.csv', fixture('lookalikes.csv'))
    expect(brief(r)).toEqual([])
  })

  it('rejects numbers embedded in longer tokens but accepts the same digits standing alone', async () => {
    const r = await scan('notes.txt', 'ref ORD-2024-555123 and PN-578-60-7899 and v1.2.3.4\ncall 202-455-5123 or ssn 578-60-7899 from 81.2.69.160\n')
    expect(brief(r)).toEqual(['phone -@2:6 x1 ***-***-**23', 'ssn -@2:26 x1 ***-**-7899', 'ip-address -@2:43 x1 81.*.*.*'])
  })

  it('a number right after a glued token in the same run is skipped with it; after a comma or a word it is checked', async () => {
    const r = await scan('n.txt', 'ORD-2024-555123 (415) 555-0132\nORD-2024-555123, (415) 555-0132\nreach me at (415) 555-0132\n')
    expect(brief(r)).toEqual(['phone -@2:18 x2 (***) ***-**32'])
  })

  it('a version string in a column named like version is not an IP address; the same value under ip is', async () => {
    const r = await scan('v.csv', 'model_version,client_ip\n9.9.9.7,9.9.9.7\n')
    expect(brief(r)).toEqual(['ip-address client_ip@2:9 x1 9.*.*.*'])
  })

  it('dates are dates of birth only in birth columns or near birth words', async () => {
    const r = await scan('d.csv', 'created_at,dob,note\n2024-01-02,1977-01-05,born 1980-02-03\n1999-12-31,,shipped 1980-02-03\n')
    expect(brief(r)).toEqual(['date-of-birth dob@2:12 x1 ****-**-**', 'date-of-birth note@2:28 x1 ****-**-**'])
  })

  it('a bare 9-digit number is an SSN only in an SSN column or after the word', async () => {
    const r = await scan('s.csv', 'ssn,amount,note\n123456780,123456780,SSN: 123456780\n')
    expect(brief(r)).toEqual(['ssn ssn@2:1 x1 *****6780', 'ssn note@2:26 x1 *****6780'])
  })
})

describe('CSV edge cases', () => {
  it('BOM, LF or CRLF, quoted fields, doubled quotes and multi-line cells: exact lines and columns', async () => {
    const lf = new TextDecoder().decode(fixture('edge_quoted.csv'))
    expect(lf.startsWith('\ufeff')).toBe(false) // the decoder drops the BOM; the bytes keep it
    expect(Array.from(fixture('edge_quoted.csv').subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf])
    const crlf = new TextEncoder().encode('\ufeff' + lf.replace(/\n/g, '\r\n'))
    for (const bytes of [fixture('edge_quoted.csv'), crlf]) {
      const r = await scan('edge_quoted.csv', bytes)
      expect(brief(r)).toEqual(['email contact@2:3 x1 a***@e***.com', 'email comment@3:46 x2 g***@e***.org', 'ssn comment@7:28 x1 ***-**-6780'])
    }
  })

  it('non-UTF-8 bytes are decoded leniently and do not hide the rest', async () => {
    const r = await scan('latin1.csv', fixture('latin1.csv'))
    expect(brief(r)).toEqual(['person-name nom@2:1 x2 J***', 'email courriel@2:13 x2 j***@e***.es'])
  })

  it('UTF-16 text (Excel "Unicode text") is decoded by its byte-order mark', async () => {
    const text = '\ufeffemail\tphone\r\nada@example.com\t(415) 555-0132\r\n'
    const bytes = new Uint8Array(text.length * 2)
    for (let i = 0; i < text.length; i++) {
      bytes[2 * i] = text.charCodeAt(i) & 255
      bytes[2 * i + 1] = text.charCodeAt(i) >> 8
    }
    const r = await scan('u16.tsv', bytes)
    expect(brief(r)).toEqual(['email email@2:1 x1 a***@e***.com', 'phone phone@2:17 x1 (***) ***-**32'])
  })

  it('a header that holds personal data is a data row: columns are numbered, the values never become labels', async () => {
    const r = await scan('nohead.csv', 'ada@example.com,4111 1111 1111 1111\ngrace@example.org,5555 5555 5555 4444\n')
    expect(brief(r)).toEqual(['email column 1@1:1 x2 a***@e***.com', 'credit-card column 2@1:17 x2 4***********1111'])
  })

  it('a 10 MB single line is scanned in cuts, with the right columns and a bounded block size', async () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(4000) // ~108 KB
    let line = ''
    let planted = 0
    while (line.length < 10 * 1024 * 1024) {
      line += filler + `contact user${planted}@example.com `
      planted++
    }
    const r = await scan('long.csv', `id,notes,email\n1,"${line}",tail@example.org\n`)
    expect(counts(r)).toEqual({ email: planted + 1 })
    expect(r.groups.map((g) => [g.column, g.count, g.firstLine])).toEqual([
      ['notes', planted, 2],
      ['email', 1, 2],
    ])
    // Blocks stay near the configured size whatever the line length.
    let maxBlock = 0
    async function* src() {
      yield new TextEncoder().encode(line)
    }
    for await (const b of textBlocks(src(), { blockChars: 1 << 20, maxLine: 1 << 20 })) maxBlock = Math.max(maxBlock, b.text.length)
    expect(maxBlock).toBeLessThanOrEqual(1 << 20)
  })

  it('a 10 MB single-line JSON document: every value, line 1', async () => {
    const items: string[] = []
    let n = 0
    let size = 0
    while (size < 10 * 1024 * 1024) {
      const item = `{"email":"user${n}@example.com","blob":"${'x'.repeat(2000)}"}`
      items.push(item)
      size += item.length + 1
      n++
    }
    const r = await scan('big.json', `[${items.join(',')}]`)
    expect(r.groups.map((g) => [g.kind, g.column, g.count, g.firstLine, g.firstColumn])).toEqual([['email', 'email', n, 1, 12]])
  })
})

describe('notebooks', () => {
  it('finds personal data only in outputs, labels the cell, skips images and counts a data frame once per output', async () => {
    const r = await scan('analysis.ipynb', fixture('analysis.ipynb'))
    const lines = new TextDecoder().decode(fixture('analysis.ipynb')).split('\n')
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1
    expect(r.groups.map((g) => `${g.kind} ${g.where} line ${g.firstLine} x${g.count}`)).toEqual([
      `email the output of cell 2 line ${at('priya@')} x2`,
      `phone the output of cell 2 line ${at('(512) 555-0187')} x1`,
      `ssn the output of cell 2 line ${at('838-60-6135')} x1`,
      `date-of-birth the output of cell 4 line ${at('1985-03-14')} x1`,
      `credit-card the output of cell 4 line ${at('4111 1111')} x1`,
    ])
    expect(r.groups.every((g) => g.where?.startsWith('the output'))).toBe(true)
  })

  it('personal data in a cell source is labelled as source', async () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', source: ['send("ada@example.com")'], outputs: [] }] }, null, 1)
    const r = await scan('x.ipynb', nb)
    expect(r.groups.map((g) => g.where)).toEqual(['the source of cell 1'])
  })
})

describe('JSON', () => {
  it('groups by key, scans numbers, finds names by key and never uses a key holding personal data as a label', async () => {
    const r = await scan('r.json', '{"users": [{"first_name": "Ada", "phone": 14155550132}, {"ada@example.com": {"ip": "81.2.69.160"}}]}')
    expect(brief(r)).toEqual([
      // Columns of string values point at their first character, inside the quotes.
      'person-name first_name@1:28 x1 A***',
      'phone phone@1:43 x1 *********32',
      'email -@1:59 x1 a***@e***.com',
      'ip-address ip@1:85 x1 81.*.*.*',
    ])
  })

  it('a YAML key holding personal data is not used as a label', async () => {
    const r = await scan('k.yaml', 'ada@example.com: owner\ntel 415 555 0132: backup\nemail: grace@example.org\n')
    expect(r.groups.map((g) => `${g.kind} ${g.column ?? '-'} ${g.firstLine}`)).toEqual(['email - 1', 'phone - 2', 'email email 3'])
    expect(JSON.stringify(r)).not.toContain('415 555 0132')
  })

  it('hostile nesting is bounded and still scanned', async () => {
    const deep = '['.repeat(200_000) + '"ada@example.com"' + ']'.repeat(200_000)
    const r = await scan('deep.json', deep)
    expect(counts(r)).toEqual({ email: 1 })
  })

  it('broken JSON is still scanned', async () => {
    const r = await scan('broken.jsonl', '{"email": "ada@example.com", oops\n{"email": "grace@exa')
    expect(counts(r)).toEqual({ email: 1 })
  })
})

describe('Parquet', () => {
  it('reads values by row group with column names, numeric and DATE columns', async () => {
    const r = await scan('customers.parquet', fixture('customers.parquet'))
    expect(r.problem).toBeUndefined()
    expect(r.groups.map((g) => `${g.kind} ${g.column} row${g.firstRow} x${g.count}`)).toEqual([
      'credit-card card_number row1 x40',
      'date-of-birth dob row1 x40',
      'email email row1 x40',
      'email comment row1 x4',
      'person-name full_name row1 x40',
    ])
  })

  it('GZIP pages are decompressed with node:zlib', async () => {
    const r = await scan('customers_gzip.parquet', fixture('customers_gzip.parquet'))
    expect(counts(r)).toEqual({ email: 3 })
  })

  it('ZSTD pages (Polars and DuckDB default) are decompressed with fzstd', async () => {
    const r = await scan('zstd.parquet', fixture('zstd.parquet'))
    expect([r.problem, brief(r)]).toEqual([undefined, ['email email@row1:- x1 z***@e***.com']])
  })

  it('an unsupported codec is a problem, not silence', async () => {
    const r = await scan('lz4.parquet', fixture('lz4.parquet'))
    expect(r.problem).toBe('Parquet compression LZ4 is not supported (supported: uncompressed, Snappy, GZIP, Brotli, ZSTD)')
    expect(r.groups).toEqual([])
  })

  it('a corrupt file is a problem', async () => {
    const r = await scan('bad.parquet', 'PAR1 not really parquet PAR1')
    expect(r.problem).toMatch(/^not a readable Parquet file/)
  })
})

describe('labels and error text', () => {
  it('containsPii flags labels holding personal data; scrub redacts them in free text', () => {
    const d = detector()
    expect([d.containsPii('first_name'), d.containsPii('ada@example.com'), d.containsPii('123-45-6780')]).toEqual([false, true, true])
    expect(d.scrub('bad value "ada@example.com" near 123-45-6780 in row 3')).toBe('bad value "a***@e***.com" near ***-**-6780 in row 3')
  })
})

describe('binary content and sampling', () => {
  it('binary content under a text extension is reported; a broken gzip stream too', async () => {
    expect((await scan('a.csv', new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2]))).problem).toBe('the gzip stream could not be decompressed (unexpected end of file)')
    expect((await scan('a.txt', new Uint8Array([65, 0, 66, 67, 0, 1, 2, 3]))).problem).toBe('the file holds binary data (NUL bytes): its content was not scanned')
  })

  it('a file over the cap is sampled: head and windows, counted in the sample, marked as sampled', async () => {
    const rows = ['email,note']
    for (let i = 0; i < 20000; i++) rows.push(`user${i}@example.com,${'z'.repeat(40)}`)
    const text = rows.join('\n') + '\n'
    const full = await scan('s.csv', text)
    const sampled = await scan('s.csv', text, { maxBytes: 100_000, sampleWindows: 4 })
    expect(full.sampled).toBeUndefined()
    expect(counts(full)).toEqual({ email: 20000 })
    expect(sampled.sampled).toEqual({ scannedBytes: 100_000, totalBytes: text.length })
    const n = counts(sampled).email!
    expect(n).toBeGreaterThan(1400)
    expect(n).toBeLessThan(1700)
    expect(sampled.groups[0]).toMatchObject({ kind: 'email', column: 'email', firstLine: 2 })
  })

  it('a detector set limits the kinds', async () => {
    const r = await scan('x.txt', 'ada@example.com 123-45-6780', { detector: detector({ kinds: PII_KINDS.filter((k) => k !== 'email') }) })
    expect(brief(r)).toEqual(['ssn -@1:17 x1 ***-**-6780'])
  })
})

import { describe, expect, it } from '@jest/globals'
import { brief, check } from '../../support/harness.js'
import { fixture } from '../../formats/archive/support.js'

const POLICY = 'version: 1\nmodels:\n  artifact-extensions: [.pt, .pkl, .tar, .7z, .zip]\n'

describe('artifact/ambiguous-format', () => {
  it('reports every parser divergence, as an error in every preset', async () => {
    const files = {
      'm/frame_straddle.pkl': fixture('malicious/frame_straddle.pkl'),
      'm/frame_in_frame.pkl': fixture('malicious/frame_in_frame.pkl'),
      'm/second_pickle.pkl': fixture('malicious/second_pickle.pkl'),
      'm/pickle_zip_polyglot.pkl': fixture('malicious/pickle_zip_polyglot.pkl'),
      'm/tar_pickle_polyglot.tar': fixture('malicious/tar_pickle_polyglot.tar'),
      'm/duplicate_member.pt': fixture('malicious/duplicate_member.pt'),
      'm/header_mismatch.pt': fixture('malicious/header_mismatch.pt'),
      'm/encryption_flag.pt': fixture('malicious/encryption_flag.pt'),
    }
    const r = await check({ files, policy: POLICY, only: ['artifact/ambiguous-format'] })
    expect(brief(r)).toEqual([
      'artifact/ambiguous-format m/duplicate_member.pt:0 ambiguous format: member name `archive/data.pkl` appears more than once: zip readers disagree on which one they read (Python\'s zipfile the last, others the first), so different tools read different content',
      'artifact/ambiguous-format m/encryption_flag.pt:0 ambiguous format: member `archive/data.pkl` has the encryption flag set (0x1) but its data is not encrypted: torch.load ignores the flag and reads it, other tools refuse it; scanned as torch reads it',
      'artifact/ambiguous-format m/frame_in_frame.pkl:0 ambiguous format: a FRAME opens at byte 12 inside the frame that starts at byte 2 and ends at byte 41: unpicklers disagree on where the data of each frame lies, so what runs can differ from what any scanner sees',
      'artifact/ambiguous-format m/frame_straddle.pkl:0 ambiguous format: the BINBYTES opcode at byte 11 runs past the end of the frame that starts at byte 2 and ends at byte 16: CPython before 3.13.x reads the rest of the operand from outside the frame, other readers stop at its boundary, so what an unpickler runs can differ from what any scanner sees',
      'artifact/ambiguous-format m/header_mismatch.pt:0 ambiguous format: member `archive/data.pkl`: the local header disagrees with the central directory (name `archive/data.pkx` in the local header): readers that trust one or the other read different content',
      'artifact/ambiguous-format m/pickle_zip_polyglot.pkl:0 ambiguous format: the file is at once a pickle (from byte 0) and a valid zip archive (an end-of-central-directory record at its end): torch.load and zip readers open it as a zip, pickle.load reads the pickle, so what runs depends on the loader',
      'artifact/ambiguous-format m/second_pickle.pkl:0 ambiguous format: a second pickle starts at byte 6, after the STOP that ends the first: `pickle.load` reads only the first, other readers (a second load, a different loader) read more, so what runs depends on the reader; its content is scanned too',
      'artifact/ambiguous-format m/tar_pickle_polyglot.tar:0 ambiguous format: the file is at once a valid tar archive and a pickle (its first bytes parse as a complete pickle): pickle.load runs that pickle, torch.load reads the tar, so what runs depends on the loader',
    ])
    expect(new Set(r.findings.map((f) => f.severity))).toEqual(new Set(['error']))
  })

  it('still scans both readings: the payloads behind the divergence are reported', async () => {
    const files = {
      'm/second_pickle.pkl': fixture('malicious/second_pickle.pkl'),
      'm/pickle_zip_polyglot.pkl': fixture('malicious/pickle_zip_polyglot.pkl'),
      'm/tar_pickle_polyglot.tar': fixture('malicious/tar_pickle_polyglot.tar'),
      'm/duplicate_member.pt': fixture('malicious/duplicate_member.pt'),
      'm/encryption_flag.pt': fixture('malicious/encryption_flag.pt'),
    }
    const r = await check({ files, policy: POLICY, only: ['artifact/pickle-dangerous-global'] })
    expect(r.findings.map((f) => f.path)).toEqual(['m/duplicate_member.pt', 'm/encryption_flag.pt', 'm/pickle_zip_polyglot.pkl', 'm/second_pickle.pkl', 'm/tar_pickle_polyglot.tar'])
  })

  it('stays quiet on well-formed files (benign twins)', async () => {
    const files = { 'm/frames.pkl': fixture('benign/frames.pkl'), 'm/state.pt': fixture('benign/state_dict.pt'), 'm/legacy.pt': fixture('benign/state_dict_legacy.pt'), 'm/in.tar': fixture('benign/pickle_in.tar'), 'm/legacy_tar.pt': fixture('benign/legacy_tar.pt') }
    const r = await check({ files, policy: POLICY, only: ['artifact/ambiguous-format', 'artifact/unscannable-code', 'artifact/pickle-dangerous-global'] })
    expect(brief(r)).toEqual([])
  })
})

describe('containers torch loads (issue #13 item 2)', () => {
  it('scans legacy tar checkpoints, tar members, LZMA and BZIP2 zip members; says what it cannot read', async () => {
    const files = {
      'm/legacy_tar.pt': fixture('malicious/legacy_tar.pt'),
      'm/legacy_tar_storage_record.pt': fixture('malicious/legacy_tar_storage_record.pt'),
      'm/pickle_in.tar': fixture('malicious/pickle_in.tar'),
      'm/lzma_member.pt': fixture('malicious/lzma_member.pt'),
      'm/bzip2_member.pt': fixture('malicious/bzip2_member.pt'),
      'm/sevenzip.pt': fixture('corrupt/sevenzip.pt'),
      'm/archive.7z': fixture('corrupt/archive.7z'),
      'm/encrypted.zip': fixture('benign/encrypted.zip'),
    }
    const r = await check({ files, policy: POLICY, only: ['artifact/pickle-dangerous-global', 'artifact/unscannable-code', 'artifact/unscannable'] })
    expect(r.findings.map((f) => `${f.severity} ${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
      'warning artifact/unscannable m/archive.7z: cannot be fully scanned as a 7z archive: the file is a 7z archive, which torch.load, pickle and NumPy cannot load and modelgate does not read: its members (pickles, if any) are not scanned',
      'error artifact/pickle-dangerous-global m/bzip2_member.pt: imports `posix.system` at byte 0 of member `archive/data.pkl` (operating-system access (os on Linux/macOS)): loading this PyTorch zip checkpoint runs it',
      'warning artifact/unscannable m/encrypted.zip: cannot be fully scanned as a zip archive: member `notes.txt` is encrypted (flag 0x1): its stored bytes are not a pickle, array or archive, so no model loader reads it without the password; its content cannot be scanned',
      'error artifact/pickle-dangerous-global m/legacy_tar.pt: imports `posix.system` at byte 0 of member `pickle` (operating-system access (os on Linux/macOS)): loading this tar archive runs it',
      'error artifact/pickle-dangerous-global m/legacy_tar_storage_record.pt: imports `posix.system` at byte 67 of member `storages` (operating-system access (os on Linux/macOS)): loading this tar archive runs it',
      'error artifact/unscannable-code m/legacy_tar_storage_record.pt: cannot be fully scanned as a tar archive: member `storages` record at byte 67 names storage type "system", whose element size is unknown: the records after it cannot be located, so they cannot be scanned',
      'error artifact/pickle-dangerous-global m/lzma_member.pt: imports `posix.system` at byte 0 of member `archive/data.pkl` (operating-system access (os on Linux/macOS)): loading this PyTorch zip checkpoint runs it',
      'error artifact/pickle-dangerous-global m/pickle_in.tar: imports `posix.system` at byte 0 of member `model/weights.pkl` (operating-system access (os on Linux/macOS)): loading this tar archive runs it',
      'error artifact/unscannable-code m/sevenzip.pt: cannot be fully scanned as a 7z archive: the file is a 7z archive, which torch.load, pickle and NumPy cannot load and modelgate does not read: its members (pickles, if any) are not scanned; under a `.pt` name it stands for a pickle-capable file',
    ])
  })
})

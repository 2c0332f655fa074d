// What several benchmarks generate: a filled-in model card, and python3 source of the opcode-dense pickle.

/** A model card that passes the recommended preset's documentation rules (unit `i`). */
export const benchCard = (i) => `---
license: apache-2.0
risk_level: minimal
---
# Model ${i}

## Intended use
Scores support tickets of product line ${i} by urgency so that the team can answer the most urgent first.

## Training data
Twelve months of synthetic tickets generated for this benchmark, balanced across the five urgency levels.

## Evaluation
Accuracy of 0.91 and macro F1 of 0.88 on a held-out split of two thousand synthetic tickets.

## Limitations
Trained on synthetic data only; it has not been evaluated on real customer tickets or other languages.
`

/**
 * python3 source defining `big_pickle(path, mb)`: a protocol-4 list of (name, int, float) tuples appended in
 * batches of 1000, names memoized, as pickle.dumps writes them: tens of millions of opcodes. Needs `import struct`.
 */
export const PY_BIG_PICKLE = `
def big_pickle(path, mb):
    target = mb << 20
    with open(path, 'wb') as out:
        buf = bytearray(b'\\x80\\x04\\x8c\\x0bcollections\\x94\\x8c\\x0bOrderedDict\\x94\\x93\\x94)R\\x94]\\x94')
        written, i = 0, 0
        while written + len(buf) < target:
            buf += b'('
            for _ in range(1000):
                name = b'layer.%d.weight' % i
                buf += b'\\x8c' + bytes([len(name)]) + name + b'\\x94K' + bytes([i & 255]) + b'G' + struct.pack('>d', i * 0.5) + b'\\x87'
                i += 1
            buf += b'e'
            if len(buf) > 1 << 22:
                out.write(buf); written += len(buf); buf = bytearray()
        out.write(buf + b'\\x86.')
`

/**
 * The imports of a child script that scans one file in process with the TypeScript sources (bundled on the fly
 * by the benchmark): the workspace view, the artifact scanner, the classifier and the FileView adapter, and
 * `openFile(file)`: the view of the file's folder, its name and its stat.
 */
export const scanChildImports = (root) => `
import { basename, dirname } from 'node:path'
import { WorkspaceView } from ${JSON.stringify(`${root}/src/adapters/fs/workspace.ts`)}
import { scanArtifact } from ${JSON.stringify(`${root}/src/formats/archive/scan.ts`)}
import { makeClassifier } from ${JSON.stringify(`${root}/src/formats/pickle/classify.ts`)}
import { viewSource } from ${JSON.stringify(`${root}/src/rules/artifact/shared.ts`)}
/** The workspace view of the file's folder, its name and its stat. */
async function openFile(file) {
  const view = new WorkspaceView(dirname(file))
  const path = basename(file)
  return { view, path, st: await view.stat(path) }
}
`


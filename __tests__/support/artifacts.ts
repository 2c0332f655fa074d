/** Tiny, valid model artifacts for tests. */

/** A valid safetensors file with one float32 tensor of `n` values. */
export function safetensors(n = 2): Uint8Array {
  const data = new Uint8Array(4 * n)
  let header = JSON.stringify({ w: { dtype: 'F32', shape: [n], data_offsets: [0, data.length] } })
  while (header.length % 8) header += ' '
  const out = new Uint8Array(8 + header.length + data.length)
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true)
  out.set(new TextEncoder().encode(header), 8)
  out.set(data, 8 + header.length)
  return out
}

export const GOOD_CARD = `---
license: apache-2.0
language: en
library_name: pytorch
tags: [tabular-classification]
pipeline_tag: tabular-classification
---

# Model

## Intended use

Ranking accounts for outreach; a person reviews every decision.

## Limitations

Trained on one market only; weaker on new accounts.

## Training data

Anonymised account usage from 2024 to 2026, no contact data.

## Evaluation

Holdout split of 20%: accuracy 0.91.
`

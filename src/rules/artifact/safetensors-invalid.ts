import { defineUnitRule } from '../../core/rule.js'
import { reportIssues } from './shared.js'

export default defineUnitRule({
  id: 'artifact/safetensors-invalid',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'error',
  description: 'safetensors files follow the format: a bounded JSON header and tensors that exactly tile the data section.',
  help: `A safetensors file is an 8-byte little-endian header length, a UTF-8 JSON header, then the tensor data.
modelgate checks the header length (within the file, under 100 MB), the JSON (an object; \`__metadata__\` a
string→string map), every tensor's dtype and shape, and that \`data_offsets\` are in range, do not overlap,
leave no holes, cover the whole data section and match \`product(shape) × sizeof(dtype)\`.

Why: loaders differ in how they treat malformed headers; overlapping or out-of-range offsets are how a
parser differential or an out-of-bounds read is triggered, and a truncated upload loads as garbage.

How to fix: re-save the tensors with the \`safetensors\` library.`,
  regulation: ['EU AI Act Art. 15(1) (accuracy, robustness)'],
  examples: {
    pass: 'two F32[4] tensors with data_offsets [0,16] and [16,32] in a 32-byte data section',
    fail: 'two F32[4] tensors with data_offsets [0,16] and [8,24] (they overlap)',
  },
  check(ctx) {
    return reportIssues(ctx, 'safetensors-invalid', (i) => `invalid safetensors file: ${i.message}`)
  },
})

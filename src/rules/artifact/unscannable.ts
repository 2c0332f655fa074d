import { isCodeCapable } from '../../formats/archive/artifact.js'
import { defineUnitRule } from '../../core/rule.js'
import { unscannableMessage, reportIssues } from './shared.js'

export default defineUnitRule({
  id: 'artifact/unscannable',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'warning',
  description: 'Artifacts that cannot carry code can be read and checked completely (a corrupt ONNX, GGUF or TFLite file, a truncated plain NumPy array).',
  help: `modelgate fails closed: a file that cannot be fully read is never passed as clean. This rule covers
files whose format cannot carry code (ONNX and other protobuf files, GGUF, TFLite, plain numeric NumPy
arrays, empty files): a damaged file of that kind is a quality problem, not a way in. A file that can carry a
pickle or other code and cannot be scanned is \`artifact/unscannable-code\`, an error.

Under \`recommended\` this is a warning; under \`strict\` it is an error.

How to fix: re-export the artifact. If the file is not a model at all, rename it or exclude it with
\`models.exclude\`.`,
  regulation: ['EU AI Act Art. 15(5)'],
  presets: { strict: 'error' },
  examples: {
    pass: 'a model.onnx exported by `torch.onnx.export` and committed whole',
    fail: 'a model.onnx cut short by an interrupted upload',
  },
  check(ctx) {
    return reportIssues(ctx, 'unscannable', unscannableMessage, (scan, path, i) => i.inert === true || !isCodeCapable(scan, path))
  },
})

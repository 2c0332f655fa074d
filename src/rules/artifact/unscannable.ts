import { defineUnitRule } from '../../core/rule.js'
import { FORMAT_LABEL, article, reportIssues, where } from './shared.js'

export default defineUnitRule({
  id: 'artifact/unscannable',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'warning',
  description: 'Every artifact can be read and scanned completely (truncated, corrupt, unknown or unreadable files are reported).',
  help: `modelgate fails closed: a truncated pickle, a damaged zip, a file whose content matches no model
format for its extension, an encrypted or oddly compressed archive member, or a file that cannot be read
is never passed as clean. Other scanners report such files as "no issues found"; an attacker can hide a
payload behind the point where they stop.

Under \`recommended\` this is a warning; under \`strict\` it is an error.

How to fix: re-export the artifact (preferably as safetensors). If the file is not a model at all, rename it
or exclude it with \`models.exclude\`.`,
  regulation: ['EU AI Act Art. 15(5)'],
  presets: { strict: 'error' },
  examples: {
    pass: 'a model.pt written by `torch.save` and committed whole',
    fail: 'a model.pt whose zip central directory is missing (upload cut short)',
  },
  check(ctx) {
    return reportIssues(ctx, 'unscannable', (i, scan) => {
      const at = i.member && !i.message.includes(i.member) ? ` (${where(undefined, i.member)})` : ''
      return `cannot be fully scanned as ${article(FORMAT_LABEL[scan.format])}: ${i.message}${at}`
    })
  },
})

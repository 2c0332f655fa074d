import { defineUnitRule } from '../../core/rule.js'
import { reportIssues } from './shared.js'

export default defineUnitRule({
  id: 'artifact/ambiguous-format',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'error',
  description: 'Artifacts read the same way by every loader (no parser divergence a payload can hide behind).',
  help: `A file that two readers can read differently lets an attacker show a scanner one thing and a loader
another. modelgate reports, rather than resolves in its own favour: a pickle opcode that runs past the end
of its \`FRAME\` (CPython before 3.13.x reads the rest of the operand from outside the frame) or a frame
opened inside another; a second pickle after the first \`STOP\` (\`pickle.load\` reads one, other readers
more); a file that is at once a pickle and a valid tar or zip (\`torch.load\` and \`pickle.load\` pick
different ones); duplicate member names in a zip or tar; a zip member whose local header disagrees with the
central directory (name, compression method, flags, sizes or CRC). Everything modelgate can read is still
scanned, under both readings where it can.

An error in every preset.

How to fix: do not merge the file; re-export the model with standard tooling (\`torch.save\`, \`joblib.dump\`),
preferably as safetensors.`,
  regulation: ['EU AI Act Art. 15(5)'],
  examples: {
    pass: 'a pickle written by `pickle.dumps` (frames end on opcode boundaries)',
    fail: 'a pickle whose FRAME declares 2 bytes while the BINBYTES opcode inside it declares 263',
  },
  check(ctx) {
    return reportIssues(ctx, 'ambiguous', (i) => `ambiguous format: ${i.message}`)
  },
})

import { defineUnitRule } from '../../core/rule.js'
import { reportIssues } from './shared.js'

export default defineUnitRule({
  id: 'artifact/archive-unsafe',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'error',
  description: 'Archive artifacts (PyTorch zips, .npz, .keras, nested zips) have no escaping paths, bombs or deep nesting.',
  help: `modelgate reads archives without extracting them and reports what would hurt anyone who does:
member names that escape the extraction directory (\`../\`, absolute paths, backslashes, drive letters),
symbolic links, duplicate names and overlapping members (parser confusion), members or streams that expand
more than the configured ratio (\`settings.artifact.max-compression-ratio\`, default 200×, for at least
\`bombMinBytes\`), archives nested more than one level (the first level is scanned), too many members, and
ONNX external-data paths outside the model's directory.

How to fix: rebuild the archive from the original files with standard tooling (\`torch.save\`,
\`np.savez\`, \`model.save\`).`,
  regulation: ['EU AI Act Art. 15(5)'],
  examples: {
    pass: 'a .npz written by `np.savez` with members `a.npy` and `b.npy`',
    fail: 'a .npz with a member named `../../.github/workflows/release.yml`',
  },
  check(ctx) {
    return reportIssues(ctx, 'archive-unsafe', (i) => `unsafe archive: ${i.message}`)
  },
})

import { defineUnitRule } from '../../core/rule.js'
import { reportIssues } from './shared.js'

export default defineUnitRule({
  id: 'artifact/keras-unsafe-layer',
  category: 'artifact',
  reach: 'files',
  defaultSeverity: 'error',
  description: 'Keras models contain no Lambda layers and import no modules outside Keras (unless the policy trusts them).',
  help: `A Keras \`Lambda\` layer stores Python bytecode that runs when the model is loaded (older Keras, or
\`safe_mode=False\`), and a layer whose \`module\` or \`registered_name\` lies outside Keras makes the loader
import that module. modelgate reads \`config.json\` in \`.keras\` archives and, best effort, the JSON model
config inside legacy \`.h5\` files.

How to fix: replace Lambda layers with custom layer classes in reviewed code, or add your own package to
\`settings.artifact.keras-modules\` (e.g. \`my_layers.**\`) once it is reviewed.`,
  regulation: ['EU AI Act Art. 15(5)'],
  examples: {
    pass: 'a .keras whose config.json has only built-in layers: `{"module": "keras.layers", "class_name": "Dense", …}`',
    fail: 'a .keras whose config.json has `{"class_name": "Lambda", …}`',
  },
  check(ctx) {
    return reportIssues(ctx, 'keras-unsafe', (i) => `unsafe Keras model: ${i.message}`)
  },
})

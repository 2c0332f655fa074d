/**
 * The built-in catalogue of card sections (each with the headings that satisfy it) and of metadata
 * fields, and the requirement sets of the presets. Headings are compared after folding (case,
 * punctuation, numbering, `[optional]`) and per clause ("Bias, Risks, and Limitations" satisfies both
 * bias and limitations). A policy adds headings with `settings.documentation.sections`.
 */

export interface SectionDef {
  /** How the section is named in messages. */
  title: string
  /** Headings that satisfy it; the first few are suggested in messages. */
  synonyms: string[]
}

export const SECTION_CATALOG: Record<string, SectionDef> = {
  'intended-use': {
    title: 'intended use',
    synonyms: [
      'Intended uses', 'Uses', 'Intended use', 'Direct use', 'Intended purpose', 'Use cases', 'Use', 'Direct uses',
      'Intended use cases', 'Primary intended uses', 'Intended purposes', 'Purpose', 'Applications', 'Model use',
      'Downstream use', 'Intended uses & limitations',
    ],
  },
  'out-of-scope-use': {
    title: 'out-of-scope use',
    synonyms: [
      'Out-of-scope use', 'Out-of-scope uses', 'Misuse', 'Out-of-scope use cases', 'Misuse and out-of-scope use',
      'Prohibited uses', 'Malicious use', 'Not intended uses', 'Unintended uses', 'Out of scope',
    ],
  },
  limitations: {
    title: 'limitations and risks',
    synonyms: [
      'Limitations', 'Bias, Risks, and Limitations', 'Risks', 'Known limitations', 'Limitation', 'Risks and limitations',
      'Caveats', 'Caveats and recommendations', 'Foreseeable risks', 'Limitations and risks', 'Risk',
    ],
  },
  'training-data': {
    title: 'training data',
    synonyms: [
      'Training data', 'Training dataset', 'Training datasets', 'Training', 'Training details', 'Pretraining data',
      'Pre-training data', 'Training corpus', 'Fine-tuning data', 'Training set', 'Data sources', 'Datasets', 'Dataset',
      'Data', 'Training and evaluation data',
    ],
  },
  evaluation: {
    title: 'evaluation',
    synonyms: [
      'Evaluation', 'Evaluation results', 'Eval results', 'Results', 'Evaluation data', 'Performance', 'Metrics',
      'Evaluation metrics', 'Testing', 'Testing data', 'Benchmarks', 'Quantitative analysis', 'Performance metrics',
      'Evaluation procedure', 'Validation', 'Testing Data, Factors & Metrics', 'Test results',
    ],
  },
  bias: {
    title: 'bias and ethical considerations',
    synonyms: [
      'Bias, Risks, and Limitations', 'Bias', 'Biases', 'Ethical considerations', 'Bias and fairness', 'Fairness', 'Ethics',
      'Ethical considerations and risks', 'Societal impact', 'Fairness considerations', 'Bias analysis', 'Bias examination',
      'Bias mitigation', 'Bias assessment', 'Examination of biases',
    ],
  },
  'environmental-impact': {
    title: 'environmental impact',
    synonyms: ['Environmental impact', 'Carbon emissions', 'CO2 emissions', 'Carbon footprint', 'Energy consumption', 'Emissions'],
  },
  'citation-or-contact': {
    title: 'citation or contact',
    synonyms: [
      'Citation', 'Model card contact', 'Contact', 'BibTeX entry and citation info', 'How to cite', 'Cite', 'Citation info',
      'BibTeX', 'BibTeX entry', 'Citation information', 'Contact information', 'Contact details', 'References', 'Reference',
      'Model card authors', 'Authors',
    ],
  },
  contact: {
    title: 'contact',
    synonyms: ['Model card contact', 'Contact', 'Contact information', 'Contact details', 'Contacts', 'Maintainers', 'Owners'],
  },
  provider: {
    title: 'provider',
    synonyms: ['Provider', 'Developed by', 'Model developers', 'Developers', 'Owners', 'Organization', 'Maintainers'],
  },
  'instructions-for-use': {
    title: 'instructions for use',
    synonyms: [
      'How to use', 'Usage', 'How to get started with the model', 'Getting started', 'Instructions for use', 'Quick start',
      'Quickstart', 'Inference', 'Example usage', 'Use with transformers',
    ],
  },
  'technical-specifications': {
    title: 'system, software and hardware',
    synonyms: [
      'Technical specifications', 'Compute infrastructure', 'Hardware', 'Software', 'Hardware and software',
      'System requirements', 'Requirements', 'Infrastructure', 'System architecture', 'Framework versions',
      'Technical requirements', 'Environment',
    ],
  },
  'data-preparation': {
    title: 'data labelling and cleaning',
    synonyms: [
      'Preprocessing', 'Data preprocessing', 'Data preparation', 'Data cleaning', 'Labelling', 'Labeling', 'Annotation',
      'Annotations', 'Annotation process', 'Data collection and processing', 'Data processing', 'Data curation',
      'Curation', 'Labelling process', 'Labeling process', 'Data collection', 'Pre-processing',
    ],
  },
  'per-group-performance': {
    title: 'performance per group',
    synonyms: [
      'Factors', 'Disaggregated results', 'Disaggregated evaluation', 'Performance by group', 'Per-group performance',
      'Subgroup performance', 'Subgroup analysis', 'Fairness metrics', 'Fairness evaluation', 'Results by group',
      'Sliced evaluation', 'Performance by slice', 'Relevant factors', 'Group performance',
    ],
  },
  'human-oversight': {
    title: 'human oversight measures',
    synonyms: ['Human oversight', 'Human oversight measures', 'Oversight', 'Human in the loop', 'Human review', 'Human-in-the-loop'],
  },
  cybersecurity: {
    title: 'cybersecurity',
    synonyms: ['Cybersecurity', 'Cyber security', 'Security', 'Security considerations', 'Robustness and cybersecurity', 'Adversarial robustness'],
  },
  'lifecycle-changes': {
    title: 'changes over the lifecycle',
    synonyms: [
      'Changelog', 'Change log', 'Changes', 'Version history', 'Release notes', 'Model updates', 'Updates', 'Lifecycle',
      'Revision history', 'Predetermined changes', 'Pre-determined changes', 'Versions', 'Model versions',
    ],
  },
  'post-market-monitoring': {
    title: 'post-market monitoring plan',
    synonyms: ['Post-market monitoring', 'Post-market monitoring plan', 'Monitoring', 'Monitoring plan', 'Model monitoring', 'Maintenance'],
  },
}

/** Tags that mark a fine-tuned model (Trainer, PEFT, TRL, AutoTrain cards). */
export const FINE_TUNED_TAGS = [
  'generated_from_trainer', 'generated_from_keras_callback', 'peft', 'lora', 'qlora', 'sft', 'trl', 'dpo', 'fine-tuned',
  'finetuned', 'autotrain', 'unsloth',
]

/** Keys that name who owns or answers for the model. */
export const OWNER_KEYS = ['owner', 'owners', 'contact', 'contacts', 'maintainer', 'maintainers', 'author', 'authors', 'developers', 'developed_by', 'provider', 'organization', 'model_card_contact']

/**
 * When a field requirement applies: `fine-tuned` only to fine-tuned models (detected from tags,
 * `library_name: peft`, or "fine-tuned" in the card); `hugging-face` only to Hugging Face style units (a
 * `config.json` or `adapter_config.json` in the unit, or a card whose front matter uses keys only Hugging Face
 * cards use). Several conditions must all hold.
 */
export const FIELD_CONDITIONS = ['fine-tuned', 'hugging-face'] as const
export type FieldCondition = (typeof FIELD_CONDITIONS)[number]

/**
 * Front matter keys that only Hugging Face cards use: a card that sets one is Hugging Face style. `license`
 * and `language` are not among them (any card may carry them).
 */
export const HF_ONLY_KEYS = [
  'pipeline_tag', 'library_name', 'tags', 'datasets', 'base_model', 'base_model_relation', 'model-index', 'widget',
  'inference', 'thumbnail', 'co2_eq_emissions', 'license_name', 'license_link', 'new_version', 'model_name',
  'extra_gated_prompt', 'extra_gated_fields', 'extra_gated_heading', 'gated', 'eval_results',
]

/** Files that make a unit Hugging Face style (a `transformers`/`peft` checkpoint). */
export const HF_UNIT_FILES = ['config.json', 'adapter_config.json']

/** A field requirement: any one of `anyOf` (card keys) present and non-empty; or one of `sections`. */
export interface FieldRequirement {
  anyOf: string[]
  /** Applies only when every condition holds (see FIELD_CONDITIONS). */
  when?: FieldCondition[]
  /** Section ids whose presence also satisfies the requirement. */
  sections?: string[]
  /** How it is named in messages (default: the keys). */
  label?: string
  regulation?: string
}

export interface SectionRequirement {
  id: string
  regulation?: string
}

const EU = (s: string) => `EU AI Act ${s}`

const HF: FieldCondition[] = ['hugging-face']

/**
 * The keys of the Hugging Face card spec (`language`/`library_name`, `tags`/`pipeline_tag`, `datasets`,
 * `base_model`, `model-index`) are required by the presets only of Hugging Face style units; a policy that
 * lists them itself (without `when`) requires them of every unit.
 */
export const RECOMMENDED_FIELDS: FieldRequirement[] = [
  { anyOf: ['license'] },
  { anyOf: ['language', 'library_name'], when: HF },
  { anyOf: ['tags', 'pipeline_tag'], when: HF },
]

export const STRICT_FIELDS: FieldRequirement[] = [
  ...RECOMMENDED_FIELDS,
  { anyOf: ['datasets'], when: HF },
  { anyOf: ['base_model'], when: ['fine-tuned', 'hugging-face'] },
  { anyOf: ['model-index'], when: HF },
  { anyOf: OWNER_KEYS, sections: ['contact'], label: 'owner or contact' },
]

export const RECOMMENDED_SECTIONS: SectionRequirement[] = [{ id: 'intended-use' }, { id: 'limitations' }, { id: 'training-data' }, { id: 'evaluation' }]

export const STRICT_SECTIONS: SectionRequirement[] = [
  ...RECOMMENDED_SECTIONS,
  { id: 'out-of-scope-use' },
  { id: 'bias' },
  { id: 'environmental-impact' },
  { id: 'citation-or-contact' },
]

/**
 * EU AI Act (Regulation (EU) 2024/1689) items for high-risk systems: Annex IV technical documentation,
 * Article 10(2) data governance, Article 13(3) instructions for use. See docs/rules/documentation.md.
 */
export const EU_FIELDS: FieldRequirement[] = [
  { anyOf: ['provider', 'developers', 'developed_by', 'organization', 'owner', 'owners'], sections: ['provider'], label: 'provider', regulation: EU('Annex IV(1)(a); Art. 13(3)(a)') },
  { anyOf: ['contact', 'contacts', 'model_card_contact', 'contact_email', 'email'], sections: ['contact'], label: 'provider contact details', regulation: EU('Art. 13(3)(a)') },
  { anyOf: ['version', 'model_version'], label: 'version', regulation: EU('Annex IV(1)(a)') },
  { anyOf: ['license'], regulation: EU('Annex IV(1)(d)') },
  { anyOf: ['language', 'library_name'], when: HF, regulation: EU('Annex IV(1)(c); Art. 13(3)(b)(vi)') },
  { anyOf: ['tags', 'pipeline_tag'], when: HF, regulation: EU('Annex IV(1)(a)') },
  { anyOf: ['datasets'], when: HF, regulation: EU('Annex IV(2)(d); Art. 10(2)(b)') },
  { anyOf: ['base_model'], when: ['fine-tuned', 'hugging-face'], regulation: EU('Annex IV(2)(a)') },
  { anyOf: ['model-index'], when: HF, regulation: EU('Annex IV(2)(g); Art. 13(3)(b)(ii)') },
]

export const EU_SECTIONS: SectionRequirement[] = [
  { id: 'intended-use', regulation: EU('Annex IV(1)(a); Art. 13(3)(b)(i)') },
  { id: 'instructions-for-use', regulation: EU('Annex IV(1)(h); Art. 13(2)') },
  { id: 'technical-specifications', regulation: EU('Annex IV(1)(c), (e); Art. 13(3)(e)') },
  { id: 'training-data', regulation: EU('Annex IV(2)(d); Art. 10(2)(b)') },
  { id: 'data-preparation', regulation: EU('Annex IV(2)(d); Art. 10(2)(c)') },
  { id: 'bias', regulation: EU('Art. 10(2)(f), (g)') },
  { id: 'evaluation', regulation: EU('Annex IV(2)(g); Art. 13(3)(b)(ii)') },
  { id: 'per-group-performance', regulation: EU('Annex IV(3); Art. 13(3)(b)(v)') },
  { id: 'limitations', regulation: EU('Annex IV(3); Art. 13(3)(b)(iii)') },
  { id: 'out-of-scope-use', regulation: EU('Art. 13(3)(b)(iii)') },
  { id: 'human-oversight', regulation: EU('Annex IV(2)(e); Art. 13(3)(d); Art. 14') },
  { id: 'cybersecurity', regulation: EU('Annex IV(2)(h); Art. 15') },
  { id: 'lifecycle-changes', regulation: EU('Annex IV(6); Art. 13(3)(c)') },
  { id: 'post-market-monitoring', regulation: EU('Annex IV(9); Art. 72') },
  { id: 'environmental-impact', regulation: EU('Annex IV(2)(c)') },
]

/**
 * What a unit declared `high` gets on top of the base lists in `recommended` and `strict`: the Annex IV
 * sections and the provider, contact and version fields, each citing its article.
 */
export const HIGH_TIER_SECTIONS: SectionRequirement[] = EU_SECTIONS
export const HIGH_TIER_FIELDS: FieldRequirement[] = EU_FIELDS.slice(0, 3)

/**
 * Which way is better for a metric: the built-in table for common metric types (Hugging Face `evaluate`
 * ids, scikit-learn names, DVC-style keys) and a token fallback for compound names (`eval_loss`,
 * `cv_roc_auc`). The policy can declare others (`settings.evaluation.directions`).
 */

export type Direction = 'higher' | 'lower'

/** Higher is better. Names are normalized: lower case, `-` and spaces as `_`. */
export const HIGHER_IS_BETTER: readonly string[] = [
  'accuracy', 'acc', 'top1', 'top5', 'top_1', 'top_5', 'top1_accuracy', 'top5_accuracy', 'balanced_accuracy',
  'f1', 'f1_score', 'f1_macro', 'f1_micro', 'f1_weighted', 'macro_f1', 'micro_f1', 'weighted_f1', 'fbeta', 'f_measure',
  'auc', 'roc_auc', 'auroc', 'pr_auc', 'auprc', 'average_precision', 'avg_prec', 'ap', 'map', 'map50', 'map_50',
  'precision', 'recall', 'sensitivity', 'specificity', 'tpr', 'tnr', 'true_positive_rate', 'true_negative_rate',
  'rouge', 'rouge1', 'rouge2', 'rougel', 'rougelsum', 'bleu', 'sacrebleu', 'google_bleu', 'chrf', 'chrf++', 'meteor',
  'bertscore', 'bleurt', 'comet', 'cider', 'spice', 'mauve', 'ndcg', 'mrr', 'hit_rate', 'hits', 'exact_match', 'em',
  'matthews_correlation', 'mcc', 'r2', 'r2_score', 'r_squared', 'explained_variance', 'pearson', 'pearsonr',
  'spearman', 'spearmanr', 'kendall_tau', 'cohen_kappa', 'kappa', 'iou', 'miou', 'mean_iou', 'dice', 'jaccard',
  'pass@1', 'pass@k', 'pass@10', 'pass@100', 'code_eval', 'squad', 'squad_v2', 'glue', 'super_glue', 'xnli', 'seqeval',
  'psnr', 'ssim', 'inception_score', 'win_rate', 'throughput', 'coverage', 'score',
]

/** Lower is better. */
export const LOWER_IS_BETTER: readonly string[] = [
  'loss', 'log_loss', 'logloss', 'cross_entropy', 'nll', 'bits_per_byte', 'bpb', 'bpc', 'perplexity', 'ppl',
  'wer', 'cer', 'mer', 'wil', 'ter', 'error', 'error_rate', 'err', 'eer', 'mae', 'mse', 'rmse', 'msle', 'rmsle',
  'mape', 'smape', 'mean_absolute_error', 'mean_squared_error', 'root_mean_squared_error', 'median_absolute_error',
  'brier', 'brier_score', 'hamming_loss', 'zero_one_loss', 'fpr', 'fnr', 'false_positive_rate', 'false_negative_rate',
  'fid', 'kid', 'lpips', 'latency', 'latency_ms', 'p50_latency', 'p95_latency', 'p99_latency', 'inference_time',
  'toxicity', 'ece', 'calibration_error', 'expected_calibration_error', 'hallucination_rate',
]

/**
 * Metrics usually written as fractions in [0, 1] (a value between 1 and 100 is likely a percentage; WER can
 * exceed 1 in rare cases, but 70 against a ceiling of 0.2 is a scale mix-up).
 */
export const UNIT_INTERVAL: readonly string[] = [
  'wer', 'cer', 'mer', 'wil', 'error_rate', 'fpr', 'fnr', 'tpr', 'tnr', 'false_positive_rate', 'false_negative_rate',
  'accuracy', 'acc', 'balanced_accuracy', 'f1', 'f1_score', 'f1_macro', 'f1_micro', 'f1_weighted', 'macro_f1',
  'micro_f1', 'weighted_f1', 'auc', 'roc_auc', 'auroc', 'pr_auc', 'auprc', 'average_precision', 'avg_prec',
  'precision', 'recall', 'sensitivity', 'specificity', 'iou', 'miou', 'mean_iou', 'dice', 'jaccard',
]

const HIGHER = new Set(HIGHER_IS_BETTER)
const LOWER = new Set(LOWER_IS_BETTER)
const UNIT = new Set(UNIT_INTERVAL)

/** Lower case, trimmed, runs of spaces and dashes as `_`. */
export function normalizeMetricName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_')
}

/** Patterns for families not worth listing one by one (rouge-3, bleu-4, f0.5, top-3 accuracy…). */
const HIGHER_PATTERNS = [/^rouge_?[0-9a-z]+$/, /^bleu_?\d$/, /^f\d(\.\d+)?$/, /^top_?\d+(_acc(uracy)?)?$/, /^pass@\d+$/, /^map@?\d+$/, /^ndcg@\d+$/, /^recall@\d+$/, /^precision@\d+$/, /^hit(s|_rate)?@\d+$/, /^mrr@\d+$/]

function exact(n: string): Direction | undefined {
  if (HIGHER.has(n)) return 'higher'
  if (LOWER.has(n)) return 'lower'
  if (HIGHER_PATTERNS.some((p) => p.test(n))) return 'higher'
  return undefined
}

/**
 * The direction of a metric, or undefined when it is not known. `declared` (from the policy, normalized
 * names) wins; then the exact name; then the tokens of a compound name (`eval_loss` → lower,
 * `cv_roc_auc` → higher), undefined when tokens disagree.
 */
export function directionOf(name: string, declared: Record<string, Direction> = {}): Direction | undefined {
  const n = normalizeMetricName(name)
  for (const [k, v] of Object.entries(declared)) if (normalizeMetricName(k) === n) return v
  const e = exact(n)
  if (e) return e
  const tokens = n.split(/[_./:]+/).filter(Boolean)
  const found = new Set<Direction>()
  // Adjacent pairs first (roc_auc, mean_absolute_error → error), then single tokens.
  for (let i = 0; i < tokens.length; i++) {
    const pair = i + 1 < tokens.length ? exact(`${tokens[i]}_${tokens[i + 1]}`) : undefined
    const one = exact(tokens[i]!)
    if (pair) found.add(pair)
    else if (one && !GENERIC.has(tokens[i]!)) found.add(one)
  }
  return found.size === 1 ? [...found][0] : undefined
}

/** Tokens too generic to decide a compound name on their own (`train_score`, `coverage_error`). */
const GENERIC = new Set(['score', 'coverage', 'throughput', 'em', 'ap', 'map', 'err', 'hits', 'glue'])

/** True for metrics that are fractions in [0, 1] when not written as percentages. */
export function isUnitInterval(name: string): boolean {
  const n = normalizeMetricName(name)
  if (UNIT.has(n)) return true
  const tokens = n.split(/[_./:]+/)
  return tokens.length > 1 && UNIT.has(tokens[tokens.length - 1]!) && !tokens.slice(0, -1).some((t) => LOWER.has(t) || HIGHER.has(t))
}

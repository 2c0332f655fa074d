/**
 * License identifiers the Hugging Face Hub accepts in a card's `license` field
 * (https://huggingface.co/docs/hub/repositories-licenses). `other` requires `license_name` (and, for a
 * license the Hub cannot link, `license_link`).
 */
export const HF_LICENSES: readonly string[] = [
  'apache-2.0', 'mit', 'openrail', 'bigscience-openrail-m', 'creativeml-openrail-m', 'bigscience-bloom-rail-1.0',
  'bigcode-openrail-m', 'afl-3.0', 'artistic-2.0', 'bsl-1.0', 'bsd', 'bsd-2-clause', 'bsd-3-clause',
  'bsd-3-clause-clear', 'c-uda', 'cc', 'cc0-1.0', 'cc-by-2.0', 'cc-by-2.5', 'cc-by-3.0', 'cc-by-4.0', 'cc-by-sa-3.0',
  'cc-by-sa-4.0', 'cc-by-nc-2.0', 'cc-by-nc-3.0', 'cc-by-nc-4.0', 'cc-by-nd-4.0', 'cc-by-nc-nd-3.0', 'cc-by-nc-nd-4.0',
  'cc-by-nc-sa-2.0', 'cc-by-nc-sa-3.0', 'cc-by-nc-sa-4.0', 'cdla-sharing-1.0', 'cdla-permissive-1.0',
  'cdla-permissive-2.0', 'wtfpl', 'ecl-2.0', 'epl-1.0', 'epl-2.0', 'etalab-2.0', 'eupl-1.1', 'eupl-1.2', 'agpl-3.0',
  'gfdl', 'gpl', 'gpl-2.0', 'gpl-3.0', 'lgpl', 'lgpl-2.1', 'lgpl-3.0', 'isc', 'h-research', 'intel-research',
  'lppl-1.3c', 'ms-pl', 'apple-ascl', 'apple-amlr', 'mpl-2.0', 'odc-by', 'odbl', 'openmdw-1.0', 'openrail++',
  'osl-3.0', 'postgresql', 'ofl-1.1', 'ncsa', 'unlicense', 'zlib', 'pddl', 'lgpl-lr', 'deepfloyd-if-license',
  'fair-noncommercial-research-license', 'llama2', 'llama3', 'llama3.1', 'llama3.2', 'llama3.3', 'llama4',
  'grok2-community', 'gemma', 'unknown', 'other',
]

/** Common spellings of licenses that are not Hub identifiers, mapped to the identifier to use. */
export const LICENSE_ALIASES: Readonly<Record<string, string>> = {
  'apache 2.0': 'apache-2.0', 'apache2': 'apache-2.0', 'apache-2': 'apache-2.0', 'apache 2': 'apache-2.0',
  'apache license 2.0': 'apache-2.0', 'apache license, version 2.0': 'apache-2.0', 'apache2.0': 'apache-2.0',
  'apache': 'apache-2.0', 'mit license': 'mit', 'gplv3': 'gpl-3.0', 'gpl3': 'gpl-3.0', 'gplv2': 'gpl-2.0',
  'agplv3': 'agpl-3.0', 'cc-by': 'cc-by-4.0', 'cc by 4.0': 'cc-by-4.0', 'cc-by-sa': 'cc-by-sa-4.0',
  'cc-by-nc': 'cc-by-nc-4.0', 'cc0': 'cc0-1.0', 'bsd-3': 'bsd-3-clause', 'bsd-2': 'bsd-2-clause',
  'llama-2': 'llama2', 'llama 2': 'llama2', 'llama-3': 'llama3', 'llama 3': 'llama3',
  'public domain': 'unlicense', 'mpl2': 'mpl-2.0',
}

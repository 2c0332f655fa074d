import { describe, expect, it } from '@jest/globals'
import { foldHeading, headingClauses, headingMatches } from '../../../src/formats/card/headings.js'

describe('heading folding', () => {
  it('folds case, punctuation, numbering, [optional] and template fields', () => {
    expect(foldHeading('2.1 Out-of-Scope Use [optional]')).toBe('out of scope use')
    expect(foldHeading('III. Evaluation:')).toBe('evaluation')
    expect(foldHeading('Intended uses & limitations')).toBe('intended uses and limitations')
    expect(foldHeading('Model Card for {{ model_id }}')).toBe('model card for')
    expect(foldHeading('Données d’entraînement')).toBe('donnees d entrainement')
  })

  it('splits headings that join topics into clauses', () => {
    expect(headingClauses('Bias, Risks, and Limitations')).toEqual(['bias risks and limitations', 'bias', 'risks', 'limitations'])
    expect(headingClauses('Usage (Sentence-Transformers)')).toEqual(['usage sentence transformers', 'usage'])
    expect(headingClauses('Model Developers : Meta')).toEqual(['model developers meta', 'model developers'])
  })

  it('matches synonyms per clause, never by substring', () => {
    const intended = ['Intended uses', 'Uses', 'Direct use']
    expect(headingMatches('Intended uses & limitations', intended)).toBe(true)
    expect(headingMatches('## Uses', intended)).toBe(true)
    expect(headingMatches('Direct Use', intended)).toBe(true)
    expect(headingMatches('Out-of-Scope Uses', intended)).toBe(false)
    expect(headingMatches('How to use', intended)).toBe(false)
    const limitations = ['Limitations', 'Risks']
    expect(headingMatches('Bias, Risks, and Limitations', limitations)).toBe(true)
    expect(headingMatches('Limitations and bias', limitations)).toBe(true)
    expect(headingMatches('Known issues', limitations)).toBe(false)
  })
})

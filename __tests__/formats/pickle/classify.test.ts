import { describe, expect, it } from '@jest/globals'
import { makeClassifier } from '../../../src/formats/pickle/classify.js'

const c = makeClassifier()
const safety = (m: string, n: string) => c(m, n).safety

describe('makeClassifier', () => {
  it('denies the modules and functions picklescan and modelscan treat as dangerous', () => {
    for (const [m, n] of [
      ['os', 'system'], ['posix', 'system'], ['nt', 'system'], ['subprocess', 'Popen'], ['commands', 'getoutput'], ['sys', 'modules'],
      ['socket', 'socket'], ['shutil', 'rmtree'], ['runpy', '_run_code'], ['pty', 'spawn'], ['pickle', 'loads'], ['_pickle', 'loads'],
      ['webbrowser', 'open'], ['requests.api', 'get'], ['urllib.request', 'urlopen'], ['httplib', 'HTTPConnection'], ['ctypes', 'CDLL'],
      ['importlib', 'import_module'], ['asyncio', 'create_subprocess_shell'], ['bdb', 'Bdb'], ['pdb', 'run'], ['code', 'InteractiveInterpreter'],
      ['builtins', 'eval'], ['builtins', 'exec'], ['builtins', 'compile'], ['builtins', 'open'], ['builtins', 'getattr'], ['builtins', '__import__'],
      ['builtins', 'breakpoint'], ['__builtin__', 'apply'], ['__builtin__', 'eval'], ['operator', 'attrgetter'], ['operator', 'methodcaller'],
      ['_operator', 'attrgetter'], ['functools', 'partial'], ['torch', 'load'], ['torch.serialization', 'load'], ['torch.hub', 'load'],
      ['numpy.f2py', 'compile'], ['numpy', 'load'], ['joblib', 'load'], ['dill._dill', '_create_code'], ['timeit', 'timeit'], ['types', 'CodeType'],
    ]) {
      expect([m, n, safety(m!, n!)]).toEqual([m, n, 'dangerous'])
    }
  })

  it('covers everything below a denied module', () => {
    expect(c('os.path', 'join')).toEqual({ safety: 'dangerous', reason: 'operating-system access (os.system, os.popen, file writes)', entry: 'os' })
    expect(safety('asyncio.subprocess', 'create_subprocess_exec')).toBe('dangerous')
  })

  it('resolves dotted names attribute by attribute (protocol 4 qualnames)', () => {
    expect(c('torch', 'hub.load')).toMatchObject({ safety: 'dangerous', entry: 'torch.hub' })
    expect(c('collections', 'os.system')).toEqual({
      safety: 'dangerous',
      reason: 'operating-system access (os.system, os.popen, file writes), reached through the attribute path `os.system`',
      entry: 'os',
    })
    expect(c('collections', 'OrderedDict.__init__.__globals__')).toMatchObject({ safety: 'dangerous', reason: expect.stringContaining('dunder attribute') })
  })

  it('treats malformed names as unresolvable, hence dangerous', () => {
    expect(c('os ', 'system')).toEqual({ safety: 'dangerous', reason: 'malformed module or name (not a Python identifier): the import cannot be resolved statically' })
    expect(safety('', 'x')).toBe('dangerous')
    expect(safety('numpy', 'dtype\nx')).toBe('dangerous')
  })

  it('allows what ordinary ML files need', () => {
    for (const [m, n] of [
      ['collections', 'OrderedDict'], ['torch._utils', '_rebuild_tensor_v2'], ['torch', 'FloatStorage'], ['torch', 'BFloat16Storage'], ['torch', 'bfloat16'],
      ['numpy.core.multiarray', '_reconstruct'], ['numpy._core.multiarray', '_reconstruct'], ['numpy', 'dtype'], ['numpy', 'ndarray'], ['_codecs', 'encode'],
      ['sklearn.linear_model._logistic', 'LogisticRegression'], ['sklearn.tree._tree', 'Tree'], ['joblib.numpy_pickle', 'NumpyArrayWrapper'],
      ['copy_reg', '_reconstructor'], ['__builtin__', 'set'], ['__torch__.torch.nn.modules.linear', 'Linear'], ['torch.jit._pickle', 'build_intlist'], ['numpy.random._pickle', '__randomstate_ctor'], ['scipy.sparse._csr', 'csr_matrix'],
    ]) {
      expect([m, n, safety(m!, n!)]).toEqual([m, n, 'safe'])
    }
  })

  it('calls everything else unknown', () => {
    expect(c('mycompany.training', 'CustomScheduler')).toEqual({ safety: 'unknown', reason: 'on neither the allowlist nor the denylist' })
    expect(safety('sklearn.metrics._regression', 'mean_squared_error')).toBe('unknown')
    expect(safety('torch', 'compile')).toBe('unknown')
  })

  it('lets the policy extend both lists: policy deny > policy allow > built-in deny > built-in allow', () => {
    const p = makeClassifier({ policyAllow: ['mycompany.**', 'builtins.getattr'], policyDeny: ['mycompany.training.Danger', 'collections'] })
    expect(p('mycompany.training', 'CustomScheduler')).toEqual({ safety: 'safe', reason: 'on the policy allowlist (settings.artifact.allowGlobals)', entry: 'mycompany.**' })
    expect(p('mycompany.training', 'Danger')).toEqual({ safety: 'dangerous', reason: 'on the policy denylist (settings.artifact.denyGlobals)', entry: 'mycompany.training.Danger' })
    expect(p('builtins', 'getattr').safety).toBe('safe')
    expect(p('__builtin__', 'getattr').safety).toBe('safe')
    expect(p('collections', 'OrderedDict').safety).toBe('dangerous')
    expect(p('os', 'system').safety).toBe('dangerous')
  })
})

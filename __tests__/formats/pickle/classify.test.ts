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
    expect(p('mycompany.training', 'CustomScheduler')).toEqual({ safety: 'safe', reason: 'on the policy allowlist (settings.artifact.allow-globals)', entry: 'mycompany.**' })
    expect(p('mycompany.training', 'Danger')).toEqual({ safety: 'dangerous', reason: 'on the policy denylist (settings.artifact.deny-globals)', entry: 'mycompany.training.Danger' })
    expect(p('builtins', 'getattr').safety).toBe('safe')
    expect(p('__builtin__', 'getattr').safety).toBe('safe')
    expect(p('collections', 'OrderedDict').safety).toBe('dangerous')
    expect(p('os', 'system').safety).toBe('dangerous')
  })

  it('denies every class of the published scanner bypasses (issue #13 item 5)', () => {
    for (const [m, n] of [
      ['uuid', '_get_command_stdout'], ['_aix_support', '_read_cmd_output'], ['_osx_support', '_read_output'], ['_osx_support', '_find_build_tool'],
      ['_pyrepl.pager', 'pipe_pager'], ['test.support.script_helper', 'assert_python_ok'], ['_interpreters', 'run_string'], ['_xxsubinterpreters', 'run_string'],
      ['lib2to3.pgen2.grammar', 'Grammar.load'], ['lib2to3.pgen2.driver', 'load_grammar'], ['pickle', 'load'], ['numpy', 'load'], ['joblib', 'load'], ['torch', 'load'],
      ['_imp', 'create_dynamic'], ['_frozen_importlib', 'BuiltinImporter'], ['_frozen_importlib_external', 'SourceFileLoader'], ['pipes', 'Template'],
      ['atexit', 'register'], ['_thread', 'start_new_thread'], ['threading', 'Thread'], ['tarfile', 'open'], ['sqlite3', 'connect'], ['logging', 'FileHandler'],
      ['logging.handlers', 'RotatingFileHandler'], ['torch._dynamo.guards', 'GuardBuilder'], ['torch.jit', 'load'], ['torch.jit._script', 'CompilationUnit'],
      ['mlflow.projects', 'run'], ['mlflow.pyfunc', 'load_model'], ['pandas', 'read_csv'], ['pandas.io.parsers.readers', 'read_csv'], ['urllib.request', 'urlopen'],
      ['io', 'FileIO'], ['http.server', 'HTTPServer'], ['concurrent.futures.thread', 'ThreadPoolExecutor'],
    ]) {
      expect([m, n, safety(m!, n!)]).toEqual([m, n, 'dangerous'])
    }
  })

  it('denies paths that reach a denied module through another module\'s attribute', () => {
    expect(c('random', '_os.system')).toMatchObject({ safety: 'dangerous', entry: 'os' })
    expect(c('threading', '_os.system').safety).toBe('dangerous')
    expect(c('mypkg', 'os.system')).toMatchObject({ safety: 'dangerous', entry: 'os', reason: 'operating-system access (os.system, os.popen, file writes), reached through the attribute path `os.system`' })
    expect(c('mypkg.utils', 'subprocess.Popen')).toMatchObject({ safety: 'dangerous', entry: 'subprocess' })
    expect(c('mypkg', 'builtins.len')).toMatchObject({ safety: 'dangerous', entry: 'builtins' })
    expect(c('mypkg', '_sys.modules')).toMatchObject({ safety: 'dangerous', entry: 'sys' })
    // Twins: a real module whose *module* path holds such a name is imported, not traversed.
    expect(safety('numpy.random._pickle', '__randomstate_ctor')).toBe('safe')
    expect(safety('random', 'Random')).toBe('unknown')
  })

  it('applies CPython\'s _compat_pickle mapping before matching', () => {
    for (const m of ['SimpleHTTPServer', 'BaseHTTPServer', 'CGIHTTPServer']) expect(c(m, 'test')).toMatchObject({ safety: 'dangerous', entry: 'http' })
    for (const m of ['SimpleXMLRPCServer', 'DocXMLRPCServer', 'xmlrpclib']) expect(c(m, 'ServerProxy')).toMatchObject({ safety: 'dangerous', entry: 'xmlrpc' })
    expect(c('thread', 'start_new_thread')).toMatchObject({ safety: 'dangerous', entry: '_thread', reason: 'starts threads that call any callable; `thread.start_new_thread` is the Python 2 spelling of `_thread.start_new_thread` (the unpickler maps it)' })
    expect(c('commands', 'getoutput').safety).toBe('dangerous')
    expect(c('copy_reg', '_reconstructor').safety).toBe('safe')
    expect(c('__builtin__', 'xrange').safety).toBe('safe')
    expect(c('__builtin__', 'reduce')).toMatchObject({ safety: 'dangerous', entry: 'functools.reduce' })
    expect(c('urllib', 'urlopen').safety).toBe('dangerous')
  })

  it('allows the reviewed known-good classes of real checkpoints (issue #12 item 7), with malicious twins', () => {
    for (const [m, n] of [
      ['transformers.training_args', 'TrainingArguments'], ['transformers.trainer_utils', 'IntervalStrategy'], ['transformers.trainer_utils', 'SchedulerType'],
      ['transformers.training_args', 'OptimizerNames'], ['accelerate.state', 'PartialState'], ['accelerate.utils.dataclasses', 'DistributedType'],
      ['numpy.ma.core', '_mareconstruct'], ['numpy.ma.core', 'MaskedArray'], ['numpy.random._pickle', '__bit_generator_ctor'], ['numpy', 'matrix'],
      ['numpy.matrixlib.defmatrix', 'matrix'], ['collections', 'OrderedDict'], ['torch', 'BFloat16Storage'], ['torch', 'float8_e4m3fnuz'], ['torch.jit._pickle', 'build_intlist'],
      ['builtins', 'len'], ['__future__', 'annotations'],
    ]) {
      expect([m, n, safety(m!, n!)]).toEqual([m, n, 'safe'])
    }
    for (const [m, n] of [['transformers.training_args', 'os.system'], ['numpy.ma.core', 'np.load'], ['accelerate.state', 'PartialState.__init__.__globals__'], ['__future__', '_ssl.RAND_bytes'], ['transformers', 'pipeline'], ['torch.jit', 'load']]) {
      expect([m, n, safety(m!, n!)]).toEqual([m, n, 'dangerous'])
    }
  })
})

/**
 * Classification of the globals a pickle imports: dangerous (a denylist of modules and functions that run
 * code, touch the system or the network, or load further pickles), safe (an allowlist of what ordinary ML
 * files need) or unknown (everything else). Pure data and matching; the policy extends both lists.
 *
 * Patterns are dotted names: `os` (the module and everything below it, for the denylist), `builtins.eval`
 * (exact), `torch.*Storage` (`*` matches within one dotted segment), `sklearn.**.[A-Z]*` (`**` matches any
 * number of segments). Matching uses picomatch over the names with dots turned into slashes.
 */
import picomatch from 'picomatch'

export type Safety = 'dangerous' | 'unknown' | 'safe'

export interface Classification {
  safety: Safety
  /** Why: the list entry that matched, or the heuristic. */
  reason: string
  /** The entry that matched, when a list matched. */
  entry?: string
}

/** Module-level entries deny the module and everything below it; dotted entries deny that name and its attributes. */
export const DEFAULT_DENY: Record<string, string> = {
  // Operating system, processes, shells.
  os: 'operating-system access (os.system, os.popen, file writes)',
  posix: 'operating-system access (os on Linux/macOS)',
  nt: 'operating-system access (os on Windows)',
  subprocess: 'runs processes',
  _posixsubprocess: 'runs processes',
  commands: 'runs shell commands (Python 2)',
  popen2: 'runs processes (Python 2)',
  pty: 'spawns processes (pty.spawn)',
  pexpect: 'spawns processes',
  multiprocessing: 'starts processes',
  signal: 'process signals',
  sys: 'interpreter internals (sys.modules, sys.exit)',
  platform: 'runs processes (platform.popen)',
  shutil: 'file system writes and deletes',
  tempfile: 'file system writes',
  shelve: 'loads pickles from disk',
  resource: 'process limits',
  gc: 'interpreter internals (gc.get_objects)',
  // Code execution and import machinery.
  'builtins.eval': 'evaluates Python code',
  'builtins.exec': 'executes Python code',
  'builtins.execfile': 'executes a Python file',
  'builtins.compile': 'compiles Python code',
  'builtins.open': 'opens files',
  'builtins.file': 'opens files',
  'builtins.getattr': 'reaches any attribute (getattr(os, "system"))',
  'builtins.setattr': 'mutates any object',
  'builtins.delattr': 'mutates any object',
  'builtins.__import__': 'imports any module',
  'builtins.breakpoint': 'starts a debugger',
  'builtins.apply': 'calls any callable (Python 2)',
  'builtins.input': 'reads from the terminal',
  'builtins.raw_input': 'reads from the terminal',
  'builtins.globals': 'interpreter internals',
  'builtins.locals': 'interpreter internals',
  'builtins.vars': 'interpreter internals',
  'builtins.reload': 'reloads modules',
  'builtins.help': 'starts a pager (runs a process)',
  'builtins.exit': 'exits the interpreter',
  'builtins.quit': 'exits the interpreter',
  'builtins.memoryview': 'raw memory access',
  'builtins.__build_class__': 'builds classes from code',
  importlib: 'imports any module',
  imp: 'imports any module',
  pkgutil: 'imports any module (pkgutil.resolve_name)',
  zipimport: 'imports code from archives',
  runpy: 'runs Python modules and code (runpy._run_code)',
  code: 'interactive interpreter (runs code)',
  codeop: 'compiles Python code',
  marshal: 'loads code objects',
  'types.CodeType': 'builds code objects',
  'types.FunctionType': 'builds functions from code objects',
  'types.LambdaType': 'builds functions from code objects',
  'types.ModuleType': 'builds modules',
  ctypes: 'foreign function interface (loads libraries, raw memory)',
  _ctypes: 'foreign function interface',
  cffi: 'foreign function interface',
  bdb: 'debugger',
  pdb: 'debugger',
  trace: 'runs code (Trace.run)',
  cProfile: 'runs code (cProfile.run)',
  profile: 'runs code (profile.run)',
  timeit: 'runs code (timeit.timeit)',
  doctest: 'runs code (doctest.debug_script)',
  pydoc: 'imports modules and runs a pager (pydoc.locate, pydoc.pipepager)',
  idlelib: 'runs code (IDLE)',
  'lib2to3.pgen2.grammar.Grammar.loads': 'loads pickles',
  'lib2to3.pgen2.pgen.ParserGenerator.make_label': 'evaluates code',
  venv: 'creates environments and runs processes',
  ensurepip: 'runs pip',
  pip: 'installs packages',
  setuptools: 'builds and installs packages',
  distutils: 'builds packages and writes files',
  'logging.config': 'logging.config.listen runs code',
  // Partial application and attribute access used to assemble calls.
  'operator.attrgetter': 'reaches any attribute',
  'operator.itemgetter': 'extracts callables from containers',
  'operator.methodcaller': 'calls any method',
  'functools.partial': 'binds arguments to any callable',
  'functools.reduce': 'calls any callable',
  // Pickle and other loaders (a pickle that loads another file).
  pickle: 'loads further pickles',
  _pickle: 'loads further pickles',
  cPickle: 'loads further pickles',
  dill: 'rebuilds code objects',
  cloudpickle: 'rebuilds code objects',
  'joblib.load': 'loads further pickles',
  'joblib.numpy_pickle.load': 'loads further pickles',
  'joblib.numpy_pickle.load_compatibility': 'loads further pickles',
  'joblib.numpy_pickle_compat': 'loads further pickles',
  'joblib.externals': 'cloudpickle and loky: rebuild code objects, start processes',
  'joblib.parallel': 'starts processes',
  'sklearn.externals.joblib.load': 'loads further pickles',
  yaml: 'unsafe YAML loading constructs objects',
  'numpy.load': 'loads .npy files, which may hold pickles',
  'numpy.lib.npyio.load': 'loads .npy files, which may hold pickles',
  'numpy.f2py': 'compiles and evaluates code',
  'numpy.distutils': 'builds code',
  'numpy.ctypeslib': 'loads shared libraries',
  'numpy.testing._private.utils': 'runstring() executes code',
  'pandas.read_pickle': 'loads pickles',
  'pandas.io.pickle': 'loads pickles',
  'torch.load': 'loads further pickles',
  'torch.serialization.load': 'loads further pickles',
  'torch.storage._load_from_bytes': 'loads a nested pickle with torch.load',
  'torch.hub': 'downloads and runs code',
  'torch.jit.load': 'loads TorchScript code',
  'torch.package': 'imports packaged code',
  'torch.utils.cpp_extension': 'compiles and loads native code',
  'torch._inductor.codecache': 'compiles and runs code (compile_file)',
  'torch._dynamo.guards.GuardBuilder.get': 'evaluates code',
  'torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression': 'evaluates code',
  'torch.jit.unsupported_tensor_ops.execWrapper': 'executes code',
  'torch.utils._config_module.ConfigModule.load_config': 'loads a nested pickle',
  'torch.utils.bottleneck': 'runs code',
  'torch.utils.collect_env': 'runs processes',
  'torch.utils.data.datapipes.utils.decoder.basichandlers': 'loads a nested pickle',
  // Network.
  socket: 'network access',
  ssl: 'network access',
  socketserver: 'network access',
  asyncio: 'network and process access',
  webbrowser: 'opens URLs',
  urllib: 'network access',
  urllib2: 'network access (Python 2)',
  urllib3: 'network access',
  requests: 'network access',
  httplib: 'network access (Python 2)',
  'http.client': 'network access',
  'http.server': 'network access',
  httpx: 'network access',
  aiohttp: 'network access',
  ftplib: 'network access',
  smtplib: 'network access',
  telnetlib: 'network access',
  poplib: 'network access',
  imaplib: 'network access',
  nntplib: 'network access',
  xmlrpc: 'network access',
  paramiko: 'network access',
  io: 'file access (io.open, io.FileIO)',
  _io: 'file access',
}

// Names that the Python 3 unpickler maps from Python 2 spellings (`fix_imports`); both are classified.
const MODULE_MAP: Record<string, string> = {
  __builtin__: 'builtins',
  exceptions: 'builtins',
  copy_reg: 'copyreg',
  cPickle: 'pickle',
  urllib2: 'urllib.request',
  httplib: 'http.client',
  commands: 'subprocess',
  UserDict: 'collections',
  UserList: 'collections',
  UserString: 'collections',
  Queue: 'queue',
  StringIO: 'io',
  cStringIO: 'io',
  thread: '_thread',
  SocketServer: 'socketserver',
  _operator: 'operator',
  _functools: 'functools',
}
const NAME_MAP: Record<string, string> = {
  '__builtin__.xrange': 'builtins.range',
  '__builtin__.unicode': 'builtins.str',
  '__builtin__.long': 'builtins.int',
  '__builtin__.basestring': 'builtins.str',
  '__builtin__.unichr': 'builtins.chr',
  '__builtin__.reduce': 'functools.reduce',
  '__builtin__.intern': 'sys.intern',
  '__builtin__.raw_input': 'builtins.input',
  'itertools.izip': 'builtins.zip',
  'itertools.imap': 'builtins.map',
  'itertools.ifilter': 'builtins.filter',
}

export const DEFAULT_ALLOW: string[] = [
  // Containers and plain types.
  'collections.OrderedDict',
  'collections.defaultdict',
  'collections.Counter',
  'collections.deque',
  'builtins.set',
  'builtins.frozenset',
  'builtins.slice',
  'builtins.range',
  'builtins.complex',
  'builtins.bytearray',
  'builtins.bytes',
  'builtins.dict',
  'builtins.list',
  'builtins.tuple',
  'builtins.int',
  'builtins.float',
  'builtins.bool',
  'builtins.str',
  'builtins.object',
  'builtins.NoneType',
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  'copyreg.__newobj_ex__',
  '_codecs.encode',
  'datetime.datetime',
  'datetime.date',
  'datetime.time',
  'datetime.timedelta',
  'datetime.timezone',
  'decimal.Decimal',
  'fractions.Fraction',
  'uuid.UUID',
  'pathlib.PosixPath',
  'pathlib.WindowsPath',
  'pathlib.PurePosixPath',
  'pathlib.PureWindowsPath',
  're._compile',
  // PyTorch tensors, storages, dtypes.
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_tensor_v3',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'torch._utils._rebuild_sparse_tensor',
  'torch._utils._rebuild_nested_tensor',
  'torch._utils._rebuild_qtensor',
  'torch._utils._rebuild_meta_tensor_no_storage',
  'torch._utils._rebuild_wrapper_subclass',
  'torch._utils._rebuild_device_tensor_from_numpy',
  'torch._utils._rebuild_device_tensor_from_cpu_tensor',
  'torch._tensor._rebuild_from_type_v2',
  'torch.*Storage',
  'torch.storage.UntypedStorage',
  'torch.storage.TypedStorage',
  'torch.nn.parameter.Parameter',
  // TorchScript archives: classes resolved from the archive's own TorchScript code by torch.jit.load (not a
  // Python import; a plain unpickler cannot import `__torch__`), and its list builders.
  '__torch__.**',
  'torch.jit._pickle.*',
  'torch.Size',
  'torch.device',
  'torch.Tensor',
  'torch.tensor',
  'torch.serialization._get_layout',
  'torch.{float,float16,float32,float64,bfloat16,half,double,int,int8,int16,int32,int64,uint8,uint16,uint32,uint64,long,short,bool,complex64,complex128,cfloat,cdouble,qint8,quint8,qint32,quint4x2,float8_e4m3fn,float8_e5m2}',
  'torch.{strided,sparse_coo,sparse_csr,sparse_csc,sparse_bsr,sparse_bsc,_mkldnn}',
  'torch.{contiguous_format,channels_last,channels_last_3d,preserve_format}',
  'torch.{per_tensor_affine,per_channel_affine,per_tensor_symmetric,per_channel_symmetric,per_channel_affine_float_qparams}',
  // NumPy arrays, dtypes and scalars.
  'numpy.ndarray',
  'numpy.dtype',
  'numpy.dtypes.*DType',
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy._core.multiarray.scalar',
  'numpy.core.numeric._frombuffer',
  'numpy._core.numeric._frombuffer',
  'numpy.ma.core._mareconstruct',
  'numpy.ma.core.MaskedArray',
  'numpy.random._pickle.__randomstate_ctor',
  'numpy.random._pickle.__bit_generator_ctor',
  'numpy.random._pickle.__generator_ctor',
  'numpy.random.mtrand.RandomState',
  'numpy.random._mt19937.MT19937',
  'numpy.random._pcg64.PCG64',
  'numpy.random._generator.Generator',
  'numpy.random.bit_generator.SeedSequence',
  'numpy.{bool_,bool,int8,int16,int32,int64,uint8,uint16,uint32,uint64,intc,intp,uintp,float16,float32,float64,longdouble,complex64,complex128,str_,bytes_,object_,datetime64,timedelta64}',
  // scikit-learn estimators and their helpers (classes), joblib's array wrappers, SciPy sparse matrices.
  'sklearn.**.[A-Z]*',
  'sklearn.**.__pyx_unpickle_*',
  'joblib.numpy_pickle.NumpyArrayWrapper',
  'joblib.numpy_pickle.NDArrayWrapper',
  'joblib.numpy_pickle.ZNDArrayWrapper',
  'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper',
  'scipy.sparse.**.*_matrix',
  'scipy.sparse.**.*_array',
  // pandas frames and series (classes and the block helpers their pickles call).
  'pandas.core.**.[A-Z]*',
  'pandas._libs.**.[A-Z]*',
  'pandas._libs.internals._unpickle_block',
  'pandas.core.internals.blocks.new_block',
  'pandas._libs.tslibs.timestamps._unpickle_timestamp',
  'pandas._libs.tslibs.timedeltas._timedelta_unpickle',
]

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/

export interface Lists {
  /** Built-in denylist entries (pattern → reason). */
  deny: Record<string, string>
  allow: string[]
  /** Policy entries: checked before the built-in lists; policy deny wins over policy allow. */
  policyDeny: string[]
  policyAllow: string[]
}

type Matcher = (path: string) => string | undefined

function toPath(pattern: string): string {
  return pattern.replace(/\./g, '/')
}

/** Compiles patterns into a matcher that returns the first pattern matching a dotted name. */
function compile(patterns: string[], prefix: boolean): Matcher {
  const exact = new Map<string, string>()
  const globs: { m: (s: string) => boolean; p: string }[] = []
  for (const p of patterns) {
    if (/[*?[\]{}!]/.test(p)) {
      const path = toPath(p)
      globs.push({ m: picomatch(prefix ? [path, `${path}/**`] : path, { dot: true }), p })
    } else exact.set(p, p)
  }
  return (name) => {
    if (prefix) {
      // Deny entries cover the name and everything below it (`os` covers `os.path.join`).
      let i = name.length
      for (;;) {
        const hit = exact.get(name.slice(0, i))
        if (hit) return hit
        i = name.lastIndexOf('.', i - 1)
        if (i <= 0) break
      }
    } else {
      const hit = exact.get(name)
      if (hit) return hit
    }
    if (globs.length) {
      const path = toPath(name)
      for (const g of globs) if (g.m(path)) return g.p
    }
    return undefined
  }
}

export type Classifier = (module: string, name: string) => Classification

/** Builds a classifier; call once per policy and reuse (patterns are compiled here). */
export function makeClassifier(lists: Partial<Lists> = {}): Classifier {
  const denyMap = lists.deny ?? DEFAULT_DENY
  const deny = compile(Object.keys(denyMap), true)
  const allow = compile(lists.allow ?? DEFAULT_ALLOW, false)
  const pDeny = compile(lists.policyDeny ?? [], true)
  const pAllow = compile(lists.policyAllow ?? [], false)
  const cache = new Map<string, Classification>()

  const denied = (full: string): Classification | undefined => {
    const hit = deny(full)
    if (hit) return { safety: 'dangerous', reason: denyMap[hit] ?? 'denylisted', entry: hit }
    return undefined
  }

  const classifyOne = (module: string, name: string): Classification => {
    const modParts = module.split('.')
    const nameParts = name.split('.')
    if (!module || !name || !modParts.every((p) => IDENT.test(p)) || !nameParts.every((p) => IDENT.test(p))) {
      return { safety: 'dangerous', reason: 'malformed module or name (not a Python identifier): the import cannot be resolved statically' }
    }
    const full = `${module}.${name}`
    const mappedModule = MODULE_MAP[module] ?? module
    const mapped = NAME_MAP[full] ?? `${mappedModule}.${name}`
    const pd = pDeny(full) ?? pDeny(mapped)
    if (pd) return { safety: 'dangerous', reason: 'on the policy denylist (settings.artifact.denyGlobals)', entry: pd }
    const pa = pAllow(full) ?? pAllow(mapped)
    if (pa) return { safety: 'safe', reason: 'on the policy allowlist (settings.artifact.allowGlobals)', entry: pa }
    const d = denied(full) ?? denied(mapped)
    if (d) return d
    // A dotted name is resolved attribute by attribute (protocol 4+): `torch` + `os.system` reaches os.system.
    if (nameParts.length > 1) {
      for (let i = 0; i < nameParts.length - 1; i++) {
        const tail = nameParts.slice(i).join('.')
        const t = denied(tail) ?? denied(`${MODULE_MAP[nameParts[i]!] ?? nameParts[i]}.${nameParts.slice(i + 1).join('.')}`)
        if (t) return { ...t, reason: `${t.reason}, reached through the attribute path \`${name}\`` }
      }
    }
    const a = allow(mapped) ?? allow(full)
    if (a) return { safety: 'safe', reason: 'on the built-in allowlist', entry: a }
    if ([...modParts, ...nameParts].some((p) => p.length > 4 && p.startsWith('__') && p.endsWith('__') && p !== '__builtin__' && p !== '__main__')) {
      return { safety: 'dangerous', reason: 'reaches a dunder attribute (__globals__, __builtins__, __subclasses__…): attribute traversal to arbitrary objects' }
    }
    return { safety: 'unknown', reason: 'on neither the allowlist nor the denylist' }
  }

  return (module, name) => {
    const key = `${module}\u0000${name}`
    let c = cache.get(key)
    if (!c) {
      c = classifyOne(module, name)
      if (cache.size < 10_000) cache.set(key, c)
    }
    return c
  }
}

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
  // Published scanner bypasses (picklescan, modelscan and fickling advisories): standard-library helpers that
  // run commands, subinterpreters, loaders that unpickle from disk, import machinery, threads, archives,
  // databases, file-writing log handlers, PyTorch compilers, MLflow entry points, readers that fetch URLs.
  'uuid._*': 'private uuid helpers run commands (uuid._get_command_stdout)',
  _aix_support: 'runs commands (_aix_support._read_cmd_output)',
  _osx_support: 'runs commands (_osx_support._read_output, _find_build_tool)',
  _pyrepl: 'runs a pager process (_pyrepl.pager.pipe_pager)',
  'test.support': 'CPython test helpers run interpreters and commands (test.support.script_helper)',
  'test.libregrtest': 'CPython test runner (runs code)',
  _interpreters: 'runs code in a subinterpreter',
  _xxsubinterpreters: 'runs code in a subinterpreter',
  _interpchannels: 'subinterpreter channels',
  _xxinterpchannels: 'subinterpreter channels',
  _interpqueues: 'subinterpreter queues',
  'concurrent.interpreters': 'runs code in a subinterpreter',
  'concurrent.futures': 'starts threads and processes that call any callable',
  lib2to3: 'loads pickled grammars from disk (Grammar.load, driver.load_grammar) and evaluates code',
  _imp: 'imports and executes modules (import machinery)',
  _frozen_importlib: 'import machinery',
  _frozen_importlib_external: 'import machinery (loads code from files)',
  pipes: 'runs shell pipelines',
  atexit: 'registers callables run at exit',
  _thread: 'starts threads that call any callable',
  threading: 'starts threads that call any callable (threading.Thread, Timer)',
  tarfile: 'extracts archives (writes files)',
  zipfile: 'extracts archives (writes files)',
  sqlite3: 'opens database files',
  _sqlite3: 'opens database files',
  dbm: 'opens database files',
  'logging.FileHandler': 'writes files',
  'logging.handlers': 'log handlers write files and open sockets',
  'logging.basicConfig': 'can open a log file',
  'torch._dynamo': 'compiles and evaluates code',
  'torch.jit': 'compiles and loads TorchScript code',
  'torch._inductor': 'compiles and runs code',
  'torch.distributed.rpc': 'remote procedure calls over the network',
  'torch.multiprocessing': 'processes and shared file descriptors',
  'mlflow.projects': 'runs MLflow project entry points (shell commands)',
  'mlflow.run': 'runs MLflow project entry points (shell commands)',
  'mlflow.**.load_model': 'loads a model (which unpickles further files)',
  'mlflow.utils.process': 'runs processes',
  'pandas.read_*': 'reads files and fetches URLs',
  'pandas.io.**.read_*': 'reads files and fetches URLs',
  'pandas.io.parsers': 'reads files and fetches URLs',
  'pandas.io.html': 'fetches URLs',
  'pandas.io.sql': 'opens database connections',
  'numpy.fromfile': 'reads files',
  'numpy.loadtxt': 'reads files and URLs',
  'numpy.genfromtxt': 'reads files and URLs',
  'numpy.save': 'writes files',
  'numpy.savez': 'writes files',
  'numpy.lib.npyio': 'reads and writes files (np.load pickles)',
  'numpy.lib._npyio_impl': 'reads and writes files (np.load pickles)',
  'numpy.lib._datasource': 'fetches URLs',
  'numpy.memmap': 'maps files',
  'numpy.testing': 'runs code and processes',
  'scipy.io': 'reads and writes files',
  'keras.models.load_model': 'loads a model (Lambda layers run code)',
  'tensorflow.keras.models.load_model': 'loads a model (Lambda layers run code)',
  'transformers.pipeline': 'downloads and loads models (remote code)',
  'transformers.*.from_pretrained': 'downloads and loads models (remote code)',
  'huggingface_hub': 'downloads files',
  linecache: 'reads files',
  fileinput: 'reads and writes files',
  glob: 'lists files',
  mailbox: 'reads and writes files',
  mmap: 'maps files and raw memory',
  fcntl: 'file descriptor control',
  os2emxpath: 'operating-system access',
  _winapi: 'operating-system access (Windows)',
  msvcrt: 'operating-system access (Windows)',
  winreg: 'Windows registry access',
  _winreg: 'Windows registry access',
  ntpath: 'operating-system path helpers (os.path on Windows)',
  posixpath: 'operating-system path helpers',
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
  http: 'network access (http.client, http.server, http.cookiejar)',
  _socket: 'network access',
  select: 'network and file descriptors',
  selectors: 'network and file descriptors',
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

// CPython's `_compat_pickle` mapping (Lib/_compat_pickle.py, IMPORT_MAPPING and NAME_MAPPING): the Python 3
// unpickler rewrites Python 2 names before importing (`fix_imports`, protocols 0-2). Both spellings are classified.
const MODULE_MAP: Record<string, string> = {
  __builtin__: 'builtins',
  copy_reg: 'copyreg',
  Queue: 'queue',
  SocketServer: 'socketserver',
  ConfigParser: 'configparser',
  repr: 'reprlib',
  tkFileDialog: 'tkinter.filedialog',
  tkSimpleDialog: 'tkinter.simpledialog',
  tkColorChooser: 'tkinter.colorchooser',
  tkCommonDialog: 'tkinter.commondialog',
  Dialog: 'tkinter.dialog',
  Tkdnd: 'tkinter.dnd',
  tkFont: 'tkinter.font',
  tkMessageBox: 'tkinter.messagebox',
  ScrolledText: 'tkinter.scrolledtext',
  Tkconstants: 'tkinter.constants',
  Tix: 'tkinter.tix',
  ttk: 'tkinter.ttk',
  Tkinter: 'tkinter',
  markupbase: '_markupbase',
  _winreg: 'winreg',
  thread: '_thread',
  dummy_thread: '_dummy_thread',
  dbhash: 'dbm.bsd',
  dumbdbm: 'dbm.dumb',
  dbm: 'dbm.ndbm',
  gdbm: 'dbm.gnu',
  xmlrpclib: 'xmlrpc.client',
  SimpleXMLRPCServer: 'xmlrpc.server',
  httplib: 'http.client',
  htmlentitydefs: 'html.entities',
  HTMLParser: 'html.parser',
  Cookie: 'http.cookies',
  cookielib: 'http.cookiejar',
  BaseHTTPServer: 'http.server',
  'test.test_support': 'test.support',
  commands: 'subprocess',
  urlparse: 'urllib.parse',
  robotparser: 'urllib.robotparser',
  urllib2: 'urllib.request',
  anydbm: 'dbm',
  _abcoll: 'collections.abc',
  cPickle: 'pickle',
  _elementtree: 'xml.etree.ElementTree',
  FileDialog: 'tkinter.filedialog',
  SimpleDialog: 'tkinter.simpledialog',
  DocXMLRPCServer: 'xmlrpc.server',
  SimpleHTTPServer: 'http.server',
  CGIHTTPServer: 'http.server',
  UserDict: 'collections',
  UserList: 'collections',
  UserString: 'collections',
  whichdb: 'dbm',
  StringIO: 'io',
  cStringIO: 'io',
  exceptions: 'builtins',
  _operator: 'operator',
  _functools: 'functools',
  popen2: 'subprocess',
}
const NAME_MAP: Record<string, string> = {
  '__builtin__.xrange': 'builtins.range',
  '__builtin__.reduce': 'functools.reduce',
  '__builtin__.intern': 'sys.intern',
  '__builtin__.unichr': 'builtins.chr',
  '__builtin__.unicode': 'builtins.str',
  '__builtin__.long': 'builtins.int',
  'itertools.izip': 'builtins.zip',
  'itertools.imap': 'builtins.map',
  'itertools.ifilter': 'builtins.filter',
  'itertools.ifilterfalse': 'itertools.filterfalse',
  'itertools.izip_longest': 'itertools.zip_longest',
  'UserDict.IterableUserDict': 'collections.UserDict',
  'UserList.UserList': 'collections.UserList',
  'UserString.UserString': 'collections.UserString',
  'whichdb.whichdb': 'dbm.whichdb',
  '_socket.fromfd': 'socket.fromfd',
  '_multiprocessing.Connection': 'multiprocessing.connection.Connection',
  'multiprocessing.process.Process': 'multiprocessing.context.Process',
  'multiprocessing.forking.Popen': 'multiprocessing.popen_fork.Popen',
  'urllib.ContentTooShortError': 'urllib.error.ContentTooShortError',
  'urllib.getproxies': 'urllib.request.getproxies',
  'urllib.pathname2url': 'urllib.request.pathname2url',
  'urllib.quote_plus': 'urllib.parse.quote_plus',
  'urllib.quote': 'urllib.parse.quote',
  'urllib.unquote_plus': 'urllib.parse.unquote_plus',
  'urllib.unquote': 'urllib.parse.unquote',
  'urllib.url2pathname': 'urllib.request.url2pathname',
  'urllib.urlcleanup': 'urllib.request.urlcleanup',
  'urllib.urlencode': 'urllib.parse.urlencode',
  'urllib.urlopen': 'urllib.request.urlopen',
  'urllib.urlretrieve': 'urllib.request.urlretrieve',
  'urllib2.HTTPError': 'urllib.error.HTTPError',
  'urllib2.URLError': 'urllib.error.URLError',
  'multiprocessing.AuthenticationError': 'multiprocessing.context.AuthenticationError',
  'multiprocessing.BufferTooShort': 'multiprocessing.context.BufferTooShort',
  'multiprocessing.ProcessError': 'multiprocessing.context.ProcessError',
  'multiprocessing.TimeoutError': 'multiprocessing.context.TimeoutError',
  '__builtin__.basestring': 'builtins.str',
  'UserDict.UserDict': 'collections.UserDict',
  'socket._socketobject': 'socket.SocketType',
}

/**
 * Modules whose appearance as an *attribute* inside a dotted path means the path reaches them through another
 * module (`random._os.system`, `threading._os.system`, `x.subprocess.Popen`, `x.builtins.eval`): the leading
 * underscores of an alias are ignored. Only names that are not ordinary sub-package names are listed.
 */
const ALIAS_MODULES = new Set(['os', 'posix', 'nt', 'subprocess', 'builtins', '__builtins__', 'sys', 'commands', 'pty', 'socket', 'shutil', 'importlib', 'runpy', 'ctypes', 'marshal', 'pickle', 'cPickle', 'webbrowser', 'urllib', 'urllib2', 'requests', 'pdb', 'posixsubprocess', 'thread', 'threading'])

/** Conventional import aliases found as module attributes (`numpy.ma.core.np` is numpy). */
const ATTR_ALIAS: Record<string, string> = { np: 'numpy', pd: 'pandas', tf: 'tensorflow' }

/** Names under denied modules that ordinary files need (checked before the denylist, after the policy lists). */
const BUILTIN_EXEMPT: string[] = ['torch.jit._pickle.*']

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
  // Harmless builtins (no file, process, import or attribute access).
  'builtins.{len,abs,min,max,sum,round,ord,chr,hex,oct,bin,divmod,sorted,reversed,enumerate,zip,Ellipsis,NotImplemented}',
  // `from __future__ import …` feature flags (inert).
  '__future__.{annotations,division,print_function,absolute_import,unicode_literals,generators,nested_scopes,with_statement,generator_stop,barry_as_FLUFL}',
  // Known-good classes real checkpoints carry (issue #12 item 7), each reviewed: unpickling rebuilds them with
  // copyreg._reconstructor / object.__new__ plus a __dict__ update (dataclasses, plain classes) or an enum
  // value lookup; none of them runs code, opens files or sockets while being rebuilt.
  'transformers.training_args.TrainingArguments',
  'transformers.training_args_seq2seq.Seq2SeqTrainingArguments',
  'transformers.training_args.OptimizerNames',
  'transformers.trainer_utils.{IntervalStrategy,EvaluationStrategy,SaveStrategy,HubStrategy,SchedulerType,FSDPOption}',
  'transformers.debug_utils.DebugOption',
  'transformers.trainer_pt_utils.AcceleratorConfig',
  'accelerate.state.{PartialState,AcceleratorState,GradientState}',
  'accelerate.utils.dataclasses.{DistributedType,PrecisionType,DynamoBackend,RNGType,ComputeEnvironment,SageMakerDistributedType,LoggerType}',
  'collections.abc.*',
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
  'torch.storage._LegacyStorage',
  'torch.{Float,Double,Half,BFloat16,Long,Int,Short,Char,Byte,Bool}Tensor',
  'torch.{float8_e4m3fnuz,float8_e5m2fnuz,float8_e8m0fnu,complex32,chalf,bits8,bits16,uint1,uint2,uint3,uint4,uint5,uint6,uint7,int1,int2,int3,int4,int5,int6,int7}',
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
  'numpy.ma.core.MaskedConstant',
  'numpy.ma.core.mvoid',
  'numpy.matrix',
  'numpy.matrixlib.defmatrix.matrix',
  'numpy.random._philox.Philox',
  'numpy.random._sfc64.SFC64',
  'numpy.random._pcg64.PCG64DXSM',
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
  // Python 2 era NumPy array reconstruction (`ndarray.__new__(subtype, shape, dtype)`).
  'numpy.core._internal._reconstruct',
  // Index reconstruction: calls `cls.__new__` on a class the pickle imports (which is classified on its own).
  'pandas.core.indexes.base._new_Index',
  'pandas.core.indexes.period._new_PeriodIndex',
  'pandas.core.indexes.multi._new_MultiIndex',
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
      // `windows: false`: names, not file paths (picomatch would otherwise ask the platform, through `navigator`).
      globs.push({ m: picomatch(prefix ? [path, `${path}/**`] : path, { dot: true, windows: false }), p })
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

  const exempt = compile(BUILTIN_EXEMPT, false)

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
    if (pd) return { safety: 'dangerous', reason: 'on the policy denylist (settings.artifact.deny-globals)', entry: pd }
    const pa = pAllow(full) ?? pAllow(mapped)
    if (pa) return { safety: 'safe', reason: 'on the policy allowlist (settings.artifact.allow-globals)', entry: pa }
    const ex = exempt(mapped)
    if (ex) return { safety: 'safe', reason: 'on the built-in allowlist', entry: ex }
    const d = denied(full) ?? denied(mapped)
    if (d) return mapped !== full && !denied(full) ? { ...d, reason: `${d.reason}; \`${full}\` is the Python 2 spelling of \`${mapped}\` (the unpickler maps it)` } : d
    // A dotted path is resolved attribute by attribute (protocol 4+): `torch` + `os.system` reaches os.system,
    // and `random._os.system` reaches `os` through random's module attribute `_os`.
    const segs = mapped.split('.')
    const firstAttr = segs.length - nameParts.length
    for (let i = Math.max(1, firstAttr); i < segs.length; i++) {
      const seg = segs[i]!
      const bare = seg.replace(/^_+/, '')
      const alias = ALIAS_MODULES.has(seg) ? seg : ALIAS_MODULES.has(bare) ? bare : undefined
      const rest = segs.slice(i + 1).join('.')
      const tailName = `${ATTR_ALIAS[bare] ?? MODULE_MAP[seg] ?? MODULE_MAP[bare] ?? alias ?? seg}${rest ? `.${rest}` : ''}`
      const t = denied(segs.slice(i).join('.')) ?? denied(tailName)
      if (t) return { ...t, reason: `${t.reason}, reached through the attribute path \`${name}\`${i > firstAttr ? ` of \`${module}\`` : ''}` }
      if (alias && !(alias === 'builtins' || alias === '__builtins__') ) {
        return { safety: 'dangerous', reason: `reaches the module \`${alias}\` through the attribute path \`${full}\` (a module alias): everything in it is reachable this way`, entry: alias }
      }
      if (alias) {
        return { safety: 'dangerous', reason: `reaches \`builtins\` through the attribute path \`${full}\`: an alias of the builtins module reaches eval, exec and __import__`, entry: alias }
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

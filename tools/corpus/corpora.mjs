// The corpora: real third-party programs per host, as data.
// Install them with tools/corpus/setup.sh (Debian packages + pinned npm
// packages under $H_CORPUS_DIR, default /var/tmp/h-corpus); see README.md.
//
// A workload: { name, script, args, cwd?, pass, okLine?, failLine?, timeout?
// (seconds), allowRead? (extra read grants the sandboxed run needs, beyond
// the host's defaults: data the program legitimately reads), stdin? }.
// `script` is what the host runs; the bare run is the interpreter with the
// host's own interpreter flags (bareArgv), so the two runs differ only by
// the sandbox. `cwd: "scratch"` = a fresh writable directory per run.
import { join } from "node:path";
import { forEveryHost } from "../workspace.mjs";

export const REPO = join(import.meta.dirname, "..", "..");
export const CORPUS_DIR = process.env.H_CORPUS_DIR ?? "/var/tmp/h-corpus";
export const DRIVERS = join(REPO, "tools", "corpus", "drivers");

/** How each host's interpreter is run bare (mirroring the host's own argv, see --explain=json). */
export const INTERPRETERS = forEveryHost("tools/corpus INTERPRETERS", {
  hlua: { bin: "/usr/bin/lua5.4", flags: ["-E"], version: ["-v"] },
  hpython: { bin: "/usr/bin/python3.11", flags: ["-I", "-B"], version: ["--version"] },
  hnode: { bin: "/usr/bin/node", flags: [], version: ["--version"] },
  hsh: { bin: "/usr/bin/bash", flags: ["--noprofile", "--norc"], version: ["--version"] },
});

/** Flags every sandboxed run of a host gets (README.md explains each). */
export const SANDBOX_FLAGS = forEveryHost("tools/corpus SANDBOX_FLAGS", {
  hlua: ["--as-root", "-t", "--env", "TMPDIR", "--allow-read", "/usr/share/lua"],
  hpython: ["--as-root", "-t", "--env", "TMPDIR", "--interpreter", "/usr/bin/python3.11"],
  hnode: ["--as-root", "-t", "--env", "TMPDIR"],
  hsh: ["--as-root", "-t", "--env", "TMPDIR"],
});

// CPython's own regression tests (Debian libpython3.11-testsuite), one module
// per process. Chosen: quick (seconds each, bare), no network beyond what the
// module skips by itself, and covering what scripts do: files, paths, text,
// data formats, compression, time zones, threads, asyncio, subprocess-free.
const PY_TESTS = [
  "test_abc",
  "test_argparse",
  "test_array",
  "test_asyncio.test_futures",
  "test_asyncio.test_locks",
  "test_asyncio.test_queues",
  "test_asyncio.test_tasks",
  "test_asyncio.test_timeouts",
  "test_base64",
  "test_binascii",
  "test_bisect",
  "test_bz2",
  "test_calendar",
  "test_codecs",
  "test_collections",
  "test_configparser",
  "test_contextlib",
  "test_copy",
  "test_csv",
  "test_dataclasses",
  "test_datetime",
  "test_difflib",
  "test_enum",
  "test_fcntl",
  "test_filecmp",
  "test_fileinput",
  "test_fnmatch",
  "test_fractions",
  "test_functools",
  "test_genericpath",
  "test_getopt",
  "test_glob",
  "test_graphlib",
  "test_gzip",
  "test_hashlib",
  "test_heapq",
  "test_hmac",
  "test_html",
  "test_htmlparser",
  "test_ipaddress",
  "test_itertools",
  "test_json",
  "test_locale",
  "test_logging",
  "test_lzma",
  "test_math",
  "test_minidom",
  "test_mmap",
  "test_operator",
  "test_os",
  "test_pathlib",
  "test_pickle",
  "test_posixpath",
  "test_pprint",
  "test_queue",
  "test_random",
  "test_re",
  "test_sched",
  "test_secrets",
  "test_select",
  "test_selectors",
  "test_shlex",
  "test_shutil",
  "test_signal",
  "test_sqlite3",
  "test_stat",
  "test_statistics",
  "test_string",
  "test_strptime",
  "test_struct",
  "test_tarfile",
  "test_tempfile",
  "test_textwrap",
  "test_threading",
  "test_time",
  "test_tomllib",
  "test_typing",
  "test_unicodedata",
  "test_uuid",
  "test_weakref",
  "test_xml_etree",
  "test_zipfile",
  "test_zlib",
  "test_zoneinfo",
];

const LUAUNIT = "/usr/share/doc/lua-unit/examples";
const DKJSON = "/usr/share/doc/lua-dkjson/examples";
const CLIARGS = "/usr/share/doc/lua-cliargs/examples";
const SHELLMATH = "/usr/share/doc/bash/examples/shellmath";
const NODE_MODULES = join(CORPUS_DIR, "node", "node_modules");

const tape = (pkg, file, extra = {}) => ({
  name: `${pkg}/${file.replace(/\.js$/, "")}`,
  script: join(NODE_MODULES, pkg, file),
  args: [],
  cwd: join(NODE_MODULES, pkg),
  pass: "tap",
  allowRead: [NODE_MODULES],
  ...extra,
});

export const CORPORA = forEveryHost("tools/corpus CORPORA", {
  hpython: PY_TESTS.map((t) => ({
    name: t,
    script: join(DRIVERS, "py_unittest.py"),
    args: [`test.${t}`],
    cwd: "scratch",
    pass: "unittest",
    timeout: 180,
    ...(t === "test_zoneinfo" || t === "test_datetime" ? { allowRead: ["/usr/share/zoneinfo"] } : {}),
    // tarfile names owners from the user and group databases (TarInfo.uname,
    // gname), and test_tarfile asks pwd.getpwuid(0) while it is imported:
    // hpython does not grant them by default, a user would with --allow-read.
    ...(t === "test_tarfile" ? { allowRead: ["/etc/passwd", "/etc/group"] } : {}),
  })),
  hlua: [
    ...[
      "compat_luaunit_v2x",
      "example_with_luaunit",
      "legacy_example_with_luaunit",
      "some_lists_comparisons",
      "test_with_err_fail_pass",
      "test_with_xml",
    ].map((n) => ({
      name: `luaunit/${n}`,
      script: join(LUAUNIT, `${n}.lua`),
      args: [],
      cwd: "scratch",
      pass: "luaunit",
    })),
    {
      name: "luaunit/my_test_suite",
      script: "/usr/share/doc/lua-unit/doc/my_test_suite.lua",
      args: [],
      cwd: "scratch",
      pass: "luaunit",
    },
    {
      name: "luaunit/check_lua_calc_error",
      script: join(LUAUNIT, "check_lua_calc_error.lua"),
      args: [],
      pass: "exit0",
    },
    { name: "dkjson/jsontest", script: join(DKJSON, "jsontest.lua"), args: [], cwd: DKJSON, pass: "exit0" },
    ...[
      ["00_general", ["-c", "gzip", "out.txt", "in.txt"]],
      ["00_general", ["--help"]],
      ["01_multiple_options", []],
      ["02_parse_callbacks", ["--version"]],
      ["03_config_file", ["--quiet"]],
      ["04_commands--git", ["--help"]],
      ["04_commands--git-log", ["--follow"]],
    ].map(([n, args], i) => ({
      name: `cliargs/${n}#${i}`,
      script: join(CLIARGS, `${n}.lua`),
      args,
      cwd: CLIARGS,
      pass: "exit0",
      allowRead: [CLIARGS],
    })),
  ],
  hnode: [
    ...[
      "all_bool",
      "bool",
      "dash",
      "default_bool",
      "dotted",
      "kv_short",
      "long",
      "num",
      "parse",
      "parse_modified",
      "proto",
      "short",
      "stop_early",
      "unknown",
      "whitespace",
    ].map((t) => tape("minimist", `test/${t}.js`)),
    tape("qs", "test/parse.js"),
    tape("qs", "test/stringify.js"),
    tape("qs", "test/utils.js"),
    tape("deep-equal", "test/cmp.js"),
    tape("get-intrinsic", "test/GetIntrinsic.js"),
    tape("function-bind", "test/index.js"),
    tape("has-symbols", "test/index.js"),
    tape("side-channel", "test/index.js"),
    tape("array-includes", "test/index.js"),
    tape("array-includes", "test/implementation.js"),
    tape("array-includes", "test/shimmed.js"),
    tape("resolve", "test/core.js"),
    tape("resolve", "test/dotdot.js"),
    tape("resolve", "test/filter.js"),
    tape("resolve", "test/filter_sync.js"),
    tape("resolve", "test/nonstring.js"),
    tape("resolve", "test/resolver.js"),
    tape("resolve", "test/resolver_sync.js"),
    tape("resolve", "test/subdirs.js"),
    tape("resolve", "test/precedence.js"),
  ],
  hsh: [
    {
      name: "shellmath/runTests",
      script: join(SHELLMATH, "runTests.sh"),
      args: ["testCases.in"],
      cwd: SHELLMATH,
      pass: "lines",
      okLine: "ok\\S*\\s+Line \\d+",
      failLine: "FAIL",
      allowRead: [SHELLMATH],
    },
    {
      name: "shellmath/faster_e_demo",
      script: join(SHELLMATH, "faster_e_demo.sh"),
      args: ["15"],
      cwd: SHELLMATH,
      pass: "exit0",
      allowRead: [SHELLMATH],
    },
    {
      name: "shellmath/slower_e_demo",
      script: join(SHELLMATH, "slower_e_demo.sh"),
      args: ["15"],
      cwd: SHELLMATH,
      pass: "exit0",
      allowRead: [SHELLMATH],
    },
    {
      name: "bash-completion/functions",
      script: join(DRIVERS, "bash_completion.sh"),
      args: ["."],
      cwd: "scratch",
      pass: "exit0",
      allowRead: ["/usr/share/bash-completion", "/etc/bash_completion.d"],
    },
    {
      name: "bash-completion/source-all",
      script: join(DRIVERS, "bash_completion_all.sh"),
      args: [],
      pass: "lines",
      okLine: "^ok ",
      failLine: "^not ok ",
      timeout: 120,
      allowRead: ["/usr/share/bash-completion", "/etc/bash_completion.d"],
    },
    {
      name: "bash-examples/cat.sh",
      script: "/usr/share/doc/bash/examples/scripts/cat.sh",
      args: ["/usr/share/doc/bash/examples/shellmath/testCases.in"],
      pass: "exit0",
      allowRead: [SHELLMATH],
    },
    {
      name: "bash-examples/center",
      script: "/usr/share/doc/bash/examples/scripts/center",
      args: [],
      stdin: join(SHELLMATH, "testCases.in"),
      pass: "exit0",
    },
  ],
});

/** The bare command line of a workload. */
export function bareArgv(host, w) {
  const i = INTERPRETERS[host];
  return [i.bin, ...i.flags, w.script, ...w.args];
}

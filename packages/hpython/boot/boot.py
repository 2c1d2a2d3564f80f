# hpython's boot script. Runs inside the sandbox (Landlock, seccomp and
# rlimits are already in force) before the user's script, as
#     python3 -I -B boot.py SCRIPT [ARG]...
# It runs SCRIPT the way `python3 SCRIPT ARG...` would: as __main__, with
# sys.argv = [SCRIPT, ARG...], __file__ = SCRIPT and the script's directory
# first on sys.path (-I left it off). Exit status: the script's own; 2 for a
# syntax error or an uncaught exception; SystemExit passes through unchanged
# (None -> 0, an int -> itself, anything else printed and 1, as CPython does).
#
# It also makes the doors to other processes fail readably (PermissionError)
# instead of by SIGSYS. This is politeness, not the sandbox: the seccomp
# filter denies the system calls whatever Python code does. os.system is left
# to the kernel on purpose (rootmos/h's expectation: SIGSYS).
#
# When a limit ends the script, it says which -r flag raises it: the CPU
# limit (SIGXCPU, which core's hard limit one second above the soft one lets
# arrive before SIGKILL) prints one line and dies of SIGXCPU as before; an
# uncaught MemoryError prints its traceback, then one line naming the data or
# address-space limit, whichever binds, and exits 2 as before. (Blocking
# stdio, which Node can leave non-blocking, is the launcher's to restore:
# core's descriptor step clears O_NONBLOCK on 0-2.)
#
# And it makes shutil's copies work where the filter answers chmod and utimes
# with EPERM (see FILE_ATTRIBUTE_CALLS in src/allowlist.ts): shutil.copymode and
# shutil.copystat skip that refusal, so copy, copy2 and copytree copy the data
# and leave the new file's mode and times as created. os.chmod and os.utime
# themselves still raise PermissionError.
import sys


def _install_refusals(system=False):
    import errno
    import os
    import posix

    def refuse(name, what):
        def refused(*args, **kwargs):
            raise PermissionError(errno.EPERM, f"{name} is not allowed in hpython ({what})")

        refused.__name__ = name.rsplit(".", 1)[-1]
        refused.__qualname__ = refused.__name__
        return refused

    procs = "no new processes"
    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "register_at_fork"):
        if name == "register_at_fork":
            continue  # harmless: the callbacks could only run on a fork that cannot happen
        if hasattr(posix, name):
            f = refuse(f"os.{name}", procs)
            setattr(posix, name, f)
            setattr(os, name, f)
    for name in ("execv", "execve", "fexecve"):
        if hasattr(posix, name):
            f = refuse(f"os.{name}", "no other programs")
            setattr(posix, name, f)
            setattr(os, name, f)
    try:
        import _posixsubprocess
    except ImportError:
        pass
    else:
        _posixsubprocess.fork_exec = refuse("subprocess", procs)
    if system:
        # At a prompt, a refusal beats SIGSYS ending the whole session.
        f = refuse("os.system", "no other programs")
        posix.system = f
        os.system = f


def _patch_shutil(shutil):
    import errno
    import functools

    def lenient(f):
        @functools.wraps(f)
        def metadata_if_allowed(*args, **kwargs):
            try:
                return f(*args, **kwargs)
            except PermissionError as e:
                if e.errno != errno.EPERM:
                    raise
                return None

        return metadata_if_allowed

    shutil.copymode = lenient(shutil.copymode)
    shutil.copystat = lenient(shutil.copystat)


class _ShutilLoader:
    """Runs shutil's own loader, then _patch_shutil; everything else is the inner loader's."""

    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module):
        self._inner.exec_module(module)
        _patch_shutil(module)


class _ShutilFinder:
    """A meta path entry that waits for the first `import shutil` (no cost until then)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "shutil":
            return None
        sys.meta_path.remove(_ShutilFinder)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _ShutilLoader(spec.loader)
                return spec
        return None


def _install_shutil_patch():
    if "shutil" in sys.modules:
        _patch_shutil(sys.modules["shutil"])
    else:
        sys.meta_path.insert(0, _ShutilFinder)


def _size(n):
    """A limit in -r's own notation (256M, 1G)."""
    for suffix, unit in (("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if n >= unit and n % unit == 0:
            return f"{n // unit}{suffix}"
    return str(n)


def _install_cpu_message():
    """On SIGXCPU: one line naming -r cpu=, then die of SIGXCPU as without the handler."""
    import _signal

    def on_xcpu(signum, frame):
        try:
            try:
                import resource

                # The kernel raised the soft limit by a second as it sent
                # SIGXCPU (up to the hard limit, where SIGKILL follows).
                soft = resource.getrlimit(resource.RLIMIT_CPU)[0]
                limit = f" ({soft - 1} s)" if 0 < soft != resource.RLIM_INFINITY else ""
            except Exception:
                limit = ""
            sys.stderr.write(f"hpython: CPU limit reached{limit}; -r cpu=N raises it\n")
            sys.stderr.flush()
        finally:
            _signal.signal(_signal.SIGXCPU, _signal.SIG_DFL)
            _signal.raise_signal(_signal.SIGXCPU)

    _signal.signal(_signal.SIGXCPU, on_xcpu)


def _memory_message():
    """
    Which limit a MemoryError most likely met. The heap counts against both
    RLIMIT_DATA and RLIMIT_AS; the address space also holds the interpreter,
    its libraries and every thread's stack (about 100M more for CPython), so
    the data limit binds unless the address-space limit is within that of it.
    """
    try:
        import resource

        data = resource.getrlimit(resource.RLIMIT_DATA)[0]
        space = resource.getrlimit(resource.RLIMIT_AS)[0]
        inf = resource.RLIM_INFINITY
    except Exception:
        return "hpython: out of memory; -r data=N (the heap) or -r as=N (the address space) raises the limit\n"
    if space != inf and (data == inf or data + (128 << 20) > space):
        return f"hpython: out of memory: the address-space limit ({_size(space)}) was reached; -r as=N raises it\n"
    if data != inf:
        more = f" (and -r as=N above it, now {_size(space)})" if space != inf else ""
        return f"hpython: out of memory: the data limit ({_size(data)}) was reached; -r data=N raises it{more}\n"
    return "hpython: out of memory (no data or address-space limit was set)\n"


def _take_closed():
    """
    `--closed DIR` (any number, before the script): site-packages directories
    the sandbox does not grant (no --site). Where one lies beneath the
    standard library (pyenv, python.org builds), Landlock's listing right on
    the stdlib covers it: imports would find `numpy/__init__.py` in the
    listing, fail to read it, and raise PermissionError instead of the
    ImportError a script's fallback expects. Off sys.path, the import fails
    as if nothing were installed.
    """
    closed = []
    while len(sys.argv) >= 3 and sys.argv[1] == "--closed":
        closed.append(sys.argv[2])
        del sys.argv[1:3]
    return closed


def _close_site(closed):
    import os

    shut = {os.path.realpath(d) for d in closed}
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") not in shut]


def _main():
    import os
    import types

    if len(sys.argv) < 2:
        sys.stderr.write("hpython: boot.py needs a script\n")
        raise SystemExit(1)
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    # "-": the program is read from stdin, as `python3 -` does (no path entry:
    # -I leaves the current directory off sys.path).
    stdin = script == "-"
    if not stdin:
        sys.path.insert(0, os.path.dirname(script))
    _install_refusals()
    _install_shutil_patch()
    _install_cpu_message()

    main = types.ModuleType("__main__")
    if not stdin:
        main.__file__ = script
    main.__cached__ = None
    main.__builtins__ = __builtins__
    try:
        from importlib.machinery import SourceFileLoader

        if not stdin:
            main.__loader__ = SourceFileLoader("__main__", script)
    except ImportError:
        pass
    sys.modules["__main__"] = main

    try:
        if stdin:
            source = sys.stdin.buffer.read()
        else:
            with open(script, "rb") as f:
                source = f.read()
    except OSError as e:
        sys.stderr.write(f"hpython: cannot read {script}: {e.strerror}\n")
        raise SystemExit(1)
    try:
        code = compile(source, "<stdin>" if stdin else script, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        import traceback

        sys.stderr.write("".join(traceback.format_exception_only(type(e), e)))
        raise SystemExit(2)

    try:
        exec(code, main.__dict__)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        # Drop this frame: the traceback starts in the script, as with python3.
        tb = e.__traceback__.tb_next if e.__traceback__ is not None else None
        try:
            sys.excepthook(type(e), e.with_traceback(tb), tb)
            if isinstance(e, MemoryError):
                sys.stderr.write(_memory_message())
        finally:
            sys.stderr.flush()
        raise SystemExit(2) from None


def _repl(args):
    """
    An interactive session: run as `python3 -I -B -i boot.py --repl [--history
    FILE]`, so CPython's own prompt follows this boot in the same process.
    -I leaves site's readline setup out (it would read and write
    ~/.python_history); the hook below sets readline up with the history in
    memory, or appended to the one --history FILE the sandbox lets it write.
    """
    history = args[1] if len(args) >= 2 and args[0] == "--history" else None
    _install_refusals(system=True)
    _install_shutil_patch()
    _install_cpu_message()
    sys.argv = [""]

    def hook():
        try:
            import readline
            import rlcompleter  # noqa: F401  (installs the completer)
        except ImportError:
            return
        if "libedit" in (readline.__doc__ or ""):
            readline.parse_and_bind("bind ^I rl_complete")
        else:
            readline.parse_and_bind("tab: complete")
        if history is None:
            return
        try:
            readline.read_history_file(history)
        except OSError:
            pass
        start = readline.get_current_history_length()

        def save():
            import readline

            n = readline.get_current_history_length() - start
            if n > 0:
                try:
                    # Appends in place; write_history_file would write a temp
                    # file beside it and rename it (the directory is not granted).
                    readline.append_history_file(n, history)
                except OSError:
                    pass

        import atexit

        atexit.register(save)

    sys.__interactivehook__ = hook
    sys.stderr.write(
        f"Python {sys.version} on {sys.platform}\n"
        "hpython: a confined session: no files beyond the grants, no programs, no network. Ctrl-D exits.\n"
    )
    # The prompt runs in this module's namespace: leave it as a fresh __main__.
    import __main__

    keep = {"__name__", "__doc__", "__builtins__"}
    for k in [k for k in vars(__main__) if k not in keep]:
        delattr(__main__, k)
    __main__.__package__ = None
    __main__.__spec__ = None
    __main__.__annotations__ = {}


_close_site(_take_closed())
if len(sys.argv) >= 2 and sys.argv[1] == "--repl":
    _repl(sys.argv[2:])
else:
    _main()

#!/bin/sh
# Installs the corpora of tools/corpus (see README.md) on a Debian 12 machine,
# as root: Debian packages, and pinned npm packages under $H_CORPUS_DIR/node
# (default /var/tmp/h-corpus). Only the Debian archive and the npm registry
# are contacted.
set -eu
dir=${H_CORPUS_DIR:-/var/tmp/h-corpus}
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  strace python3.11 libpython3.11-testsuite \
  lua5.4 lua-unit lua-dkjson lua-cliargs \
  bash bash-doc bash-completion
mkdir -p "$dir/node"
cd "$dir/node"
[ -f package.json ] || echo '{"name":"h-corpus-node","private":true}' >package.json
# The packages under test (they ship test/ in their tarballs) and what their
# tests require (tape and the helpers named in the test files).
npm install --no-audit --no-fund --save-exact \
  minimist@1.2.8 qs@6.17.1 resolve@1.22.14 deep-equal@2.2.3 get-intrinsic@1.3.1 \
  function-bind@1.1.2 has-symbols@1.1.0 side-channel@1.1.1 array-includes@3.2.0 \
  tape@5.10.2 es-value-fixtures@1.7.1 for-each@0.3.5 has-bigints@1.1.0 \
  has-override-mistake@1.0.1 has-property-descriptors@1.0.2 has-proto@1.2.0 \
  iconv-lite@0.7.3 mock-property@1.1.2 object-inspect@1.14.0 safer-buffer@2.1.2 \
  available-typed-arrays@1.0.7 has-typed-arrays@1.1.0 object-is@1.1.6 object-keys@1.1.1 \
  object.assign@4.1.7 object.getownpropertydescriptors@2.1.9 semver@7.8.6 call-bound@1.0.4 \
  es-abstract@1.24.2 gopd@1.2.0 make-async-function@1.0.0 make-async-generator-function@1.0.0 \
  make-generator-function@2.1.0 core-js@2.6.12 get-own-property-symbols@0.9.7 call-bind@1.0.9 \
  define-properties@1.2.1 functions-have-names@1.2.3 has-strict-mode@1.1.0 hasown@2.0.4 \
  array.prototype.map@1.0.8 path-parse@1.0.7

# Source this file (`source scripts/use-node.sh`) to get Node.js >= 22 on PATH.
# When the system Node is older, it installs Node 24 from the npm registry
# package `node@24` into .tools/node (ignored by git) and puts it first on PATH.
# Works from bash and zsh; safe to source repeatedly.
_gateway_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_gateway_node_bin="$_gateway_root/.tools/node/node_modules/node/bin"
_gateway_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_gateway_major)" -lt 22 ]; then
  if [ ! -x "$_gateway_node_bin/node" ]; then
    echo "use-node: system Node is $(node --version 2>/dev/null || echo 'missing'); installing node@24 from the npm registry into .tools/node" >&2
    mkdir -p "$_gateway_root/.tools/node"
    npm install --prefix "$_gateway_root/.tools/node" --no-save --no-package-lock --no-audit --no-fund --loglevel=error node@24 >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_gateway_node_bin:$PATH"
fi
echo "use-node: using Node $(node --version) from $(command -v node)" >&2
unset -f _gateway_major
unset _gateway_root _gateway_node_bin

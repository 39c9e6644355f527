# Shared steps of the run and test commands. Source it; it installs only what is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

# Where cargo builds: its own target directory unless CARGO_TARGET_DIR says otherwise.
target_dir="${CARGO_TARGET_DIR:-$root/target}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm target and the wasm-bindgen CLI whose version matches Cargo.lock.
ensure_wasm_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "Installing the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  local wanted
  wanted="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$wanted" ]; then
    log "Installing wasm-bindgen-cli $wanted (a few minutes, once)"
    # Without --locked: its own lockfile pins a crate version the registry may lack.
    # --force: cargo's own record may still list a binary that is gone.
    cargo install --force wasm-bindgen-cli --version "$wanted"
  fi
}

# Licences, banned crates and sources of every dependency, by deny.toml.
check_supply_chain() {
  if ! command -v cargo-deny >/dev/null; then
    log "Installing cargo-deny (several minutes, once)"
    cargo install cargo-deny --locked
  fi
  log "Checking dependencies' licences, bans and sources (deny.toml)"
  cargo deny check licenses bans sources
}

# Checks Cargo.lock against the RustSec advisory database with no network: the copy
# beside the repository (../shared/advisory-db) or the one PANTAU_ADVISORY_DB names.
audit_dependencies() {
  local db="${PANTAU_ADVISORY_DB:-$root/../shared/advisory-db}"
  if [ ! -d "$db/crates" ]; then
    log "No advisory database at $db: dependency audit skipped (set PANTAU_ADVISORY_DB)"
    return 0
  fi
  if ! command -v cargo-audit >/dev/null; then
    log "Installing cargo-audit (several minutes, once)"
    cargo install cargo-audit --locked
  fi
  log "Auditing dependencies against the advisory database ($(grep -o 'of 20[0-9-]*' "$db/SNAPSHOT" | head -n 1))"
  cargo audit --no-fetch --db "$db" --deny unsound --deny yanked
}

# Builds the field app and the office screens into app/dist with content-hashed file
# names and prints their sizes. The office screens (app/dist/kantor/) are a bundle of
# their own so that a field tablet never downloads them.
# Binaryen's wasm-opt, from npm (node is on every machine): it takes a few kilobytes more
# out of each bundle after rustc and wasm-bindgen.
binaryen_version="132.0.0"
ensure_wasm_opt() {
  local dir="$root/target/binaryen"
  if [ ! -x "$dir/node_modules/.bin/wasm-opt" ] \
    || ! grep -q "\"version\": \"$binaryen_version\"" "$dir/node_modules/binaryen/package.json"; then
    log "Installing Binaryen $binaryen_version (wasm-opt) from npm (once)"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "binaryen@$binaryen_version"
  fi
}

build_app() {
  ensure_wasm_tools
  ensure_wasm_opt
  log "Building the app and the office screens (wasm, size-optimised, then wasm-opt)"
  cargo build -p app -p office -p signer --target wasm32-unknown-unknown --profile wasm-release
  local out="app/dist" staging
  staging="$(mktemp -d)"
  local bundle
  for bundle in app office signer; do
    wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir "$staging" --out-name "$bundle" \
      "$target_dir/wasm32-unknown-unknown/wasm-release/$bundle.wasm"
    # The features are those rustc's wasm32 target emits by default. Rust puts the stack
    # first in linear memory and its data from 1 MiB, so the lowest kilobyte is reached
    # only by a stack 1 MiB deep: `--low-memory-unused` lets wasm-opt fold constant
    # offsets into loads and stores (about 2 KB gzipped off the field bundle).
    "$root/target/binaryen/node_modules/.bin/wasm-opt" --low-memory-unused -Oz --enable-bulk-memory --enable-multivalue \
      --enable-mutable-globals --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
      "$staging/${bundle}_bg.wasm" -o "$staging/${bundle}_bg.wasm"
  done
  local hash
  hash="$(cat "$staging"/*.js "$staging"/*_bg.wasm style/*.css app/index.html app/boot.js app/sw.js app/static/* office/index.html office/boot.js shared/data/wilayah-bali.csv | sha256sum | cut -c1-16)"
  rm -rf "$out"
  mkdir -p "$out/kantor"
  cp "$staging/app.js" "$out/pantau-$hash.js"
  cp "$staging/app_bg.wasm" "$out/pantau-${hash}_bg.wasm"
  cp "$staging/office.js" "$out/office-$hash.js"
  cp "$staging/office_bg.wasm" "$out/office-${hash}_bg.wasm"
  cp "$staging/signer.js" "$out/signer-$hash.js"
  cp "$staging/signer_bg.wasm" "$out/signer-${hash}_bg.wasm"
  cat style/*.css > "$out/pantau-$hash.css"
  local names=(-e "s/{{JS}}/pantau-$hash.js/g" -e "s/{{WASM}}/pantau-${hash}_bg.wasm/g"
    -e "s/{{CSS}}/pantau-$hash.css/g" -e "s/{{BOOT}}/pantau-$hash-boot.js/g"
    -e "s/{{SIGNER_JS}}/signer-$hash.js/g" -e "s/{{SIGNER_WASM}}/signer-${hash}_bg.wasm/g")
  sed "${names[@]}" app/index.html > "$out/index.html"
  sed "${names[@]}" app/boot.js > "$out/pantau-$hash-boot.js"
  local office_names=(-e "s/{{JS}}/office-$hash.js/g" -e "s/{{WASM}}/office-${hash}_bg.wasm/g"
    -e "s/{{CSS}}/pantau-$hash.css/g" -e "s/{{BOOT}}/office-$hash-boot.js/g")
  sed "${office_names[@]}" office/index.html > "$out/kantor/index.html"
  sed "${office_names[@]}" office/boot.js > "$out/office-$hash-boot.js"
  cp app/static/* "$out/"
  # The region names the forms offer, fetched only when a form needs them.
  cp shared/data/wilayah-bali.csv "$out/wilayah-bali.csv"
  # The signer module is kept offline too: a tablet that needs it signs with no signal.
  local assets="\"/pantau-$hash.js\", \"/pantau-${hash}_bg.wasm\", \"/pantau-$hash.css\", \"/pantau-$hash-boot.js\", \"/signer-$hash.js\", \"/signer-${hash}_bg.wasm\", \"/wilayah-bali.csv\""
  local office_assets="\"/office-$hash.js\", \"/office-${hash}_bg.wasm\", \"/office-$hash-boot.js\""
  sed -e "s/{{VERSION}}/$hash/g" -e "s|{{ASSETS}}|$assets|g" -e "s|{{OFFICE_ASSETS}}|$office_assets|g" app/sw.js > "$out/sw.js"
  rm -rf "$staging"
  local js wasm office
  js=$(gzip -9 -c "$out/pantau-$hash.js" | wc -c)
  wasm=$(gzip -9 -c "$out/pantau-${hash}_bg.wasm" | wc -c)
  office=$(( $(gzip -9 -c "$out/office-$hash.js" | wc -c) + $(gzip -9 -c "$out/office-${hash}_bg.wasm" | wc -c) ))
  log "App bundle: wasm $((wasm / 1024)) KB + JS $((js / 1024)) KB gzipped = $(((wasm + js) / 1024)) KB (target ≤ 500 KB)"
  log "Office screens (loaded only at /kantor/): $((office / 1024)) KB gzipped"
  local signer
  signer=$(( $(gzip -9 -c "$out/signer-$hash.js" | wc -c) + $(gzip -9 -c "$out/signer-${hash}_bg.wasm" | wc -c) ))
  log "Signer module (loaded only where the browser lacks Ed25519): $((signer / 1024)) KB gzipped"
}

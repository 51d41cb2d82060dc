#!/usr/bin/env bash
# Interop with a real Hub client: huggingface.js (@huggingface/hub from the npm registry) talks
# to `berth serve` as it talks to huggingface.co, with hubUrl pointing at Berth: whoAmI,
# createRepo (a Docker Space; a second create is the Hub's 409), listSpaces, spaceInfo and
# deleteRepo; then files: uploadFiles (a text file and a binary one that goes through LFS),
# listFiles, downloadFile, deleteFile. Skipped when node or the npm registry is not there.
source "$(dirname "$0")/lib.bash"
require_root
require_tool node nodejs
require_tool npm
require_tool curl
mkdir -p "$WORK/hubjs"
(cd "$WORK/hubjs" && timeout 180 npm install --silent --no-audit --no-fund @huggingface/hub@2 >/dev/null 2>&1) ||
  skip "cannot install @huggingface/hub from the npm registry"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BERTH" serve --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
server=$!
cleanup "kill $server 2>/dev/null; wait $server 2>/dev/null"
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/api/spaces" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$PORT/api/spaces" >/dev/null || { cat "$WORK/serve.log"; fail "berth serve did not start"; }
"$BERTH" user create carol >/dev/null
TOKEN=$("$BERTH" token create carol --write)

cat > "$WORK/hubjs/check.mjs" <<'JS'
import { whoAmI, createRepo, listSpaces, spaceInfo, deleteRepo } from "@huggingface/hub";
const hubUrl = process.argv[2];
const accessToken = process.argv[3];
const check = (cond, what) => { if (!cond) { console.error("FAIL: " + what); process.exit(1); } };

const me = await whoAmI({ accessToken, hubUrl });
check(me.name === "carol" && me.type === "user", "whoAmI: " + JSON.stringify(me));
check(me.auth.accessToken.role === "write", "whoAmI role: " + JSON.stringify(me.auth));

const created = await createRepo({ repo: { type: "space", name: "carol/demo" }, sdk: "docker",
                                   accessToken, hubUrl });
check(created.repoUrl.endsWith("/spaces/carol/demo"), "createRepo: " + JSON.stringify(created));
try {
  await createRepo({ repo: { type: "space", name: "carol/demo" }, sdk: "docker", accessToken, hubUrl });
  check(false, "a second createRepo succeeded");
} catch (e) {
  check(e.statusCode === 409, "second createRepo: " + e);
}
try {
  await createRepo({ repo: { type: "space", name: "carol/gradio" }, accessToken, hubUrl });
  check(false, "a static-sdk Space was created");
} catch (e) {
  check(e.statusCode === 400 && /docker/.test(e.message), "static sdk: " + e.message);
}

const listed = [];
for await (const s of listSpaces({ search: { owner: "carol" }, accessToken, hubUrl })) listed.push(s.name);
check(JSON.stringify(listed) === '["carol/demo"]', "listSpaces: " + JSON.stringify(listed));

const info = await spaceInfo({ name: "carol/demo", accessToken, hubUrl, additionalFields: ["runtime"] });
check(info.name === "carol/demo" && info.sdk === "docker", "spaceInfo: " + JSON.stringify(info));
check(info.runtime.stage === "NO_APP_FILE", "spaceInfo runtime: " + JSON.stringify(info.runtime));

await deleteRepo({ repo: { type: "space", name: "carol/demo" }, accessToken, hubUrl });
try {
  await spaceInfo({ name: "carol/demo", accessToken, hubUrl });
  check(false, "spaceInfo after delete succeeded");
} catch (e) {
  check(e.statusCode === 404, "spaceInfo after delete: " + e);
}
console.log("huggingface.js: whoAmI, createRepo (+409, +400), listSpaces, spaceInfo, deleteRepo");
JS
(cd "$WORK/hubjs" && node check.mjs "http://127.0.0.1:$PORT" "$TOKEN") || { tail -5 "$WORK/serve.log"; fail "huggingface.js against berth serve"; }

cat > "$WORK/hubjs/files.mjs" <<'JS'
import { createRepo, uploadFiles, listFiles, downloadFile, deleteFile, deleteRepo } from "@huggingface/hub";
const hubUrl = process.argv[2];
const accessToken = process.argv[3];
const check = (cond, what) => { if (!cond) { console.error("FAIL: " + what); process.exit(1); } };
const repo = { type: "space", name: "carol/files" };
await createRepo({ repo, sdk: "docker", accessToken, hubUrl });

// 2 MiB with NUL bytes: binary and over 1 MiB, so the Hub's rule sends it through LFS.
const binary = new Uint8Array(2 * 1024 * 1024);
for (let i = 0; i < binary.length; i++) binary[i] = (i * 7) % 251;
await uploadFiles({ repo, accessToken, hubUrl, commitTitle: "add files", files: [
  { path: "notes/hello.txt", content: new Blob(["hello from huggingface.js\n"]) },
  { path: "data/blob.bin", content: new Blob([binary]) },
]});

const files = async () => {
  const out = {};
  for await (const f of listFiles({ repo, recursive: true, accessToken, hubUrl })) {
    if (f.type === "file") out[f.path] = f;
  }
  return out;
};
let listed = await files();
check(listed["notes/hello.txt"] && listed["notes/hello.txt"].size === 26, "listFiles text: " + JSON.stringify(listed));
check(listed["data/blob.bin"] && listed["data/blob.bin"].lfs && listed["data/blob.bin"].size === binary.length,
      "listFiles LFS entry: " + JSON.stringify(listed["data/blob.bin"]));

const text = await downloadFile({ repo, path: "notes/hello.txt", accessToken, hubUrl });
check(text && (await text.text()) === "hello from huggingface.js\n", "downloadFile text");
const blob = await downloadFile({ repo, path: "data/blob.bin", accessToken, hubUrl });
const got = new Uint8Array(await blob.arrayBuffer());
check(got.length === binary.length && got.every((b, i) => b === binary[i]), "downloadFile LFS content");

await deleteFile({ repo, path: "notes/hello.txt", accessToken, hubUrl });
listed = await files();
check(!listed["notes/hello.txt"] && listed["data/blob.bin"], "after deleteFile: " + JSON.stringify(Object.keys(listed)));
await deleteRepo({ repo, accessToken, hubUrl });
console.log("huggingface.js: uploadFiles (+LFS), listFiles, downloadFile, deleteFile");
JS
(cd "$WORK/hubjs" && node files.mjs "http://127.0.0.1:$PORT" "$TOKEN") || { tail -5 "$WORK/serve.log"; fail "huggingface.js file operations against berth serve"; }
pass "huggingface.js works against berth serve"

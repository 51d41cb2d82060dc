#!/usr/bin/env bash
# berth pull, push and login against Debian's docker-registry on 127.0.0.1 (issue 13): images
# pushed there by skopeo and podman pull into berth and run; what berth pushes, podman and
# docker pull and run; tags, digests and a multi-arch index made by
# podman resolve as docker resolves them; htpasswd basic auth with credentials from
# DOCKER_CONFIG; a missing tag, a refused connection, a wrong password and a corrupted blob
# each fail with Docker's wording, a non-zero exit and nothing listed; the Bearer token flow
# with a token server, anonymous and logged in; TLS with certs.d; mirrors.
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
require_tool skopeo
require_tool htpasswd apache2-utils
require_tool python3
require_tool script bsdutils
[[ -x /usr/bin/docker-registry ]] || skip "needs docker-registry (apt-get install docker-registry)"
B=("$BERTH")
# use_root DIR: a fresh store; its networks (the default bridge of `run`) go at exit too.
use_root() {
  export BERTH_ROOT=$1
  cleanup "BERTH_ROOT='$1' '$BERTH' system reset -f >/dev/null 2>&1"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_registry NAME [auth yaml lines]: a registry on a free port, its storage in $WORK;
# sets REGISTRY to its host:port (not run in $(…): its cleanup must reach this shell).
start_registry() {
  local name=$1 port; port=$(free_port)
  mkdir -p "$WORK/$name"
  cat > "$WORK/$name/config.yml" <<CONF
version: 0.1
log:
  level: ${REGISTRY_LOG_LEVEL:-error}
storage:
  filesystem:
    rootdirectory: $WORK/$name/data
http:
  addr: 127.0.0.1:$port
${2:-}
CONF
  docker-registry serve "$WORK/$name/config.yml" >"$WORK/$name/log" 2>&1 &
  cleanup "kill $! 2>/dev/null"
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && break; sleep 0.1; done
  REGISTRY=127.0.0.1:$port
}

start_registry plain
REG=$REGISTRY
"${B[@]}" import -c 'CMD ["/bin/sh"]' "$(busybox_tar)" localhost/bb:1 >/dev/null
"${B[@]}" save -o "$WORK/bb.tar" localhost/bb:1
skopeo copy -q --dest-tls-verify=false "docker-archive:$WORK/bb.tar" "docker://$REG/test/bb:v1"
pushed_digest=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REG/test/bb:v1")

# A fresh store: the pull fetches everything, records tag and repo digest, and runs.
use_root "$WORK/root2"
out=$("${B[@]}" pull "$REG/test/bb:v1")
grep -q "^v1: Pulling from test/bb$" <<<"$out" || fail "pull output: $out"
grep -qx "Digest: $pushed_digest" <<<"$out" || fail "pull digest: $out"
grep -qx "Status: Downloaded newer image for $REG/test/bb:v1" <<<"$out" || fail "pull status: $out"
assert_eq "$(tail -1 <<<"$out")" "$REG/test/bb:v1" "pull's last line"
assert_eq "$("${B[@]}" images --digests --format '{{.Repository}}:{{.Tag}} {{.Digest}}')" \
  "$REG/test/bb:v1 $pushed_digest" "images --digests"
assert_eq "$("${B[@]}" run --rm "$REG/test/bb:v1" echo pulled-and-ran)" "pulled-and-ran" "run the pulled image"
out=$("${B[@]}" pull "$REG/test/bb:v1")
grep -qx "Status: Image is up to date for $REG/test/bb:v1" <<<"$out" || fail "second pull: $out"
grep -q "Already exists" <<<"$out" || fail "second pull refetched its layer: $out"
assert_eq "$("${B[@]}" pull -q "$REG/test/bb@$pushed_digest")" "$REG/test/bb@$pushed_digest" "pull -q by digest"
# On a terminal (script(1) gives it a pty) the layer rows are redrawn with progress bars.
use_root "$WORK/root-tty"
tty_out=$(script -qc "'$BERTH' pull '$REG/test/bb:v1'" /dev/null)
[[ $tty_out == *$'\x1b[1A\r\x1b[2K'*": Downloading ["*"/"* ]] || fail "no redrawn progress on a terminal: $(cat -v <<<"$tty_out")"
[[ $tty_out == *"Status: Downloaded newer image for $REG/test/bb:v1"* ]] || fail "terminal pull: $(cat -v <<<"$tty_out")"
pass "pull by tag and digest from a plain-HTTP registry; images --digests; run; bars on a terminal"

# SIGKILL during a pull lists nothing; the next pull reuses the blobs that were finished.
for point in pull-after-layer-blob pull-before-record; do
  use_root "$WORK/crash-$point"
  rc=0; BERTH_CRASH_AT=$point "${B[@]}" pull -q "$REG/test/bb:v1" >/dev/null 2>&1 || rc=$?
  assert_eq "$rc" 137 "killed at $point"
  assert_eq "$("${B[@]}" images -q)" "" "images after a kill at $point"
  out=$("${B[@]}" pull "$REG/test/bb:v1") || fail "pull after a kill at $point: $out"
  grep -q "Already exists" <<<"$out" || fail "the finished layer was fetched again after $point: $out"
  assert_eq "$("${B[@]}" run --rm "$REG/test/bb:v1" echo whole)" whole "the image after a kill at $point"
done
pass "SIGKILL during a pull leaves nothing listed; the next pull reuses finished layers"

# run/create pull what is missing (--pull missing, the default), as docker run: on stderr.
use_root "$WORK/root4"
expect_failure 125 "No such image: $REG/test/bb:v1" "${B[@]}" run --rm --pull never "$REG/test/bb:v1" true
expect_failure 125 "invalid pull option: 'sometimes'" "${B[@]}" run --rm --pull sometimes "$REG/test/bb:v1" true
out=$("${B[@]}" run --rm "$REG/test/bb:v1" echo ran 2>"$WORK/run.err")
assert_eq "$out" ran "run of a pulled image"
grep -qx "Unable to find image '$REG/test/bb:v1' locally" "$WORK/run.err" || fail "run's pull notice: $(cat "$WORK/run.err")"
grep -qx "Status: Downloaded newer image for $REG/test/bb:v1" "$WORK/run.err" || fail "run's pull status: $(cat "$WORK/run.err")"
"${B[@]}" create --pull always "$REG/test/bb:v1" 2>"$WORK/create.err" >/dev/null
grep -qx "Status: Image is up to date for $REG/test/bb:v1" "$WORK/create.err" || fail "create --pull always: $(cat "$WORK/create.err")"
expect_failure 125 "manifest for $REG/test/bb:gone not found" "${B[@]}" run --rm "$REG/test/bb:gone" true
pass "run and create pull a missing image; --pull always, never"

# build pulls a FROM image it does not have (and every one with --pull).
use_root "$WORK/root5"
mkdir -p "$WORK/ctx"
printf 'FROM %s/test/bb:v1\nRUN echo built > /built\n' "$REG" >"$WORK/ctx/Dockerfile"
out=$("${B[@]}" build -t localhost/on-pulled "$WORK/ctx" 2>&1) || fail "build FROM a registry image: $out"
grep -q "\[internal\] pull $REG/test/bb:v1" <<<"$out" || fail "the build log shows no pull: $out"
assert_eq "$("${B[@]}" run --rm localhost/on-pulled cat /built)" built "the image built on a pulled base"
out=$("${B[@]}" build --pull -t localhost/on-pulled "$WORK/ctx" 2>&1) || fail "build --pull: $out"
grep -q "Already exists" <<<"$out" || fail "build --pull did not pull again: $out"
printf 'FROM %s/test/bb:gone\n' "$REG" >"$WORK/ctx/Dockerfile"
expect_failure 1 "failed to resolve source metadata for $REG/test/bb:gone" "${B[@]}" build "$WORK/ctx"
# What build made goes back up (podman pulls and runs it below).
"${B[@]}" tag localhost/on-pulled "$REG/pushed/built:v1"
"${B[@]}" push -q "$REG/pushed/built:v1" >/dev/null || fail "push of a built image"
pass "build pulls its missing FROM image; --pull pulls again; the built image pushes"

# podman pushes, and a podman-made index pulls its linux/amd64 image.
setup_podman
"${PODMAN[@]}" pull -q --tls-verify=false "docker://$REG/test/bb:v1" >/dev/null
"${PODMAN[@]}" tag "$REG/test/bb:v1" "$REG/test/from-podman:v2"
"${PODMAN[@]}" push -q --tls-verify=false "$REG/test/from-podman:v2"
assert_eq "$("${B[@]}" run --rm "$("${B[@]}" pull -q "$REG/test/from-podman:v2")" echo from-podman)" from-podman "podman push → berth pull"
"${PODMAN[@]}" manifest create localhost/multi >/dev/null 2>&1
# Another image (its own config, so its own manifest) stands in for arm64, listed first.
BERTH_ROOT=$WORK/root "${B[@]}" import -c 'CMD ["/bin/false"]' "$(busybox_tar)" localhost/bb:arm >/dev/null
BERTH_ROOT=$WORK/root "${B[@]}" save -o "$WORK/arm.tar" localhost/bb:arm
skopeo copy -q --dest-tls-verify=false "docker-archive:$WORK/arm.tar" "docker://$REG/test/bb:arm"
"${PODMAN[@]}" manifest add --tls-verify=false --arch arm64 localhost/multi "docker://$REG/test/bb:arm" >/dev/null 2>&1
"${PODMAN[@]}" manifest add --tls-verify=false localhost/multi "docker://$REG/test/bb:v1" >/dev/null 2>&1
"${PODMAN[@]}" manifest push -q --all --tls-verify=false localhost/multi "docker://$REG/test/multi:latest"
index=$(skopeo inspect --raw --tls-verify=false "docker://$REG/test/multi:latest")
[[ $index == *'"arm64"'* && $index == *'"amd64"'* ]] || fail "podman's index lacks a platform: $index"
index_digest=$(printf %s "$index" | sha256sum | cut -c1-64)
out=$("${B[@]}" pull "$REG/test/multi")
grep -qx "Digest: sha256:$index_digest" <<<"$out" || fail "an index's pull names the index digest: $out"
assert_eq "$("${B[@]}" image inspect -f '{{.Id}}' "$REG/test/multi")" \
  "$("${B[@]}" image inspect -f '{{.Id}}' "$REG/test/bb:v1")" "the amd64 image of the index"
pass "podman push → berth pull; a multi-arch index resolves to linux/amd64"

# berth push of what commit and build made; podman, skopeo and docker pull it and run it.
"${B[@]}" run --name mk "$REG/test/bb:v1" sh -c 'echo committed > /c' >/dev/null
"${B[@]}" commit mk "$REG/pushed/committed:v1" >/dev/null
"${B[@]}" rm mk >/dev/null
out=$("${B[@]}" push "$REG/pushed/committed:v1") || fail "push: $out"
grep -qx "The push refers to repository \[$REG/pushed/committed\]" <<<"$out" || fail "push output: $out"
grep -q ": Pushed$" <<<"$out" || fail "push uploaded nothing: $out"
pushed=$(sed -n 's/^v1: digest: \(sha256:[0-9a-f]*\) size: [0-9]*$/\1/p' <<<"$out")
assert_eq "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REG/pushed/committed:v1")" "$pushed" "skopeo sees the pushed digest"
"${B[@]}" images --digests --format '{{.Repository}} {{.Digest}}' | grep -qx "$REG/pushed/committed $pushed" ||
  fail "images --digests after a push: $("${B[@]}" images --digests)"
out=$("${B[@]}" push "$REG/pushed/committed:v1")
grep -q "Layer already exists" <<<"$out" || fail "a second push uploaded again: $out"
"${B[@]}" tag "$REG/pushed/committed:v1" "$REG/pushed/again:v1"
out=$("${B[@]}" push "$REG/pushed/again:v1") || fail "push to a second repository: $out"
grep -q ": Mounted from pushed/committed$" <<<"$out" || fail "no cross-repository mount: $out"
assert_eq "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REG/pushed/again:v1")" "$pushed" "the mounted push's digest"
assert_eq "$("${PODMAN[@]}" run --rm --network none --tls-verify=false "$REG/pushed/committed:v1" cat /c 2>/dev/null)" committed "podman runs berth's push"
assert_eq "$("${PODMAN[@]}" run --rm --network none --tls-verify=false "$REG/pushed/built:v1" cat /built 2>/dev/null)" built "podman runs berth's built and pushed image"
expect_failure 1 "An image does not exist locally with the tag: $REG/pushed/none" "${B[@]}" push "$REG/pushed/none:v1"
setup_dockerd
out=$("${DOCKER[@]}" pull -q "$REG/pushed/committed:v1" 2>&1) || fail "docker pull of berth's push: $out"
run=$("${DOCKER[@]}" run --rm --network none "$REG/pushed/committed:v1" cat /c 2>&1) || fail "docker run: $run"
assert_eq "$(tail -1 <<<"$run")" committed "docker runs berth's push"
pass "berth push (of a commit and a build) → skopeo, podman and docker pull it; a second push skips blobs, another repository mounts them"

# pull -a: every tag, through the registry's pages of 100 (its Link headers).
for i in $(seq 101 205); do
  "${B[@]}" tag "$REG/pushed/committed:v1" "$REG/pushed/many:t$i"
  "${B[@]}" push -q "$REG/pushed/many:t$i" >/dev/null || fail "push of tag t$i"
done
use_root "$WORK/root-all-tags"
out=$("${B[@]}" pull -a "$REG/pushed/many") || fail "pull -a: $out"
assert_eq "$(grep -c ': Pulling from pushed/many$' <<<"$out")" 105 "tags pulled by pull -a"
grep -qx "Status: Downloaded newer image for $REG/pushed/many" <<<"$out" || fail "pull -a status: $out"
assert_eq "$(tail -1 <<<"$out")" "$REG/pushed/many" "pull -a's last line"
assert_eq "$("${B[@]}" images --format '{{.Repository}} {{.Tag}}' | awk -v r="$REG/pushed/many" '$1 == r {print $2}' | sort | sed -n '1p;$p' | tr '\n' ' ')" \
  "t101 t205 " "the first and last tags pulled"
expect_failure 1 "tag can't be used with --all-tags/-a" "${B[@]}" pull -a "$REG/pushed/many:t101"
out=$("${B[@]}" pull "$REG/pushed/many" 2>&1) && fail "pull of a missing latest: $out"
grep -qx "Using default tag: latest" <<<"$out" || fail "no default-tag notice: $out"
grep -q "manifest for $REG/pushed/many:latest not found: manifest unknown" <<<"$out" || fail "missing latest: $out"
pass "pull -a pulls every tag across the registry's pages; -a with a tag is refused; a bare name means :latest"

# A blob bigger than BERTH_PUSH_CHUNK_SIZE goes up in PATCHes of that size; skopeo reads it.
REGISTRY_LOG_LEVEL=info start_registry chunked
REGC=$REGISTRY
"${B[@]}" run --name mk-big "$REG/test/bb:v1" sh -c 'head -c 300000 /dev/urandom > /r' >/dev/null
"${B[@]}" commit mk-big "$REGC/chunked/app:v1" >/dev/null
"${B[@]}" rm mk-big >/dev/null
expect_failure 1 "BERTH_PUSH_CHUNK_SIZE=12: a number of bytes, at least 1024" env BERTH_PUSH_CHUNK_SIZE=12 "${B[@]}" push "$REGC/chunked/app:v1"
out=$(BERTH_PUSH_CHUNK_SIZE=65536 "${B[@]}" push "$REGC/chunked/app:v1") || fail "chunked push: $out"
pushed=$(sed -n 's/^v1: digest: \(sha256:[0-9a-f]*\) size: [0-9]*$/\1/p' <<<"$out")
patches=$(grep -c 'http.request.method=PATCH' "$WORK/chunked/log" || true)
((patches >= 4)) || fail "a 300 kB layer in 64 KiB chunks made $patches PATCHes: $(grep -c . "$WORK/chunked/log") log lines"
assert_eq "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGC/chunked/app:v1")" "$pushed" "the chunked push's digest"
skopeo copy -q --src-tls-verify=false "docker://$REGC/chunked/app:v1" "dir:$WORK/chunked-copy" || fail "skopeo cannot read the chunked push"
pass "chunked push: PATCHes with Content-Range, then the closing PUT; skopeo copies it back"

# Failures: Docker's words, exit 1, nothing listed.
expect_failure 1 "manifest for $REG/test/bb:nope not found: manifest unknown" "${B[@]}" pull "$REG/test/bb:nope"
expect_failure 1 "dial tcp 127.0.0.1:1: connect: connection refused" "${B[@]}" pull "127.0.0.1:1/test/bb"
expect_failure 1 "dial tcp: lookup no-such-registry.invalid: no such host" "${B[@]}" pull no-such-registry.invalid/test/bb:v1
# docker-registry says MANIFEST_UNKNOWN for a missing repository's manifest, NAME_UNKNOWN for its tags.
expect_failure 1 "manifest for $REG/nosuch/repo:v1 not found: manifest unknown" "${B[@]}" pull "$REG/nosuch/repo:v1"
expect_failure 1 "repository $REG/nosuch/repo not found: name unknown" "${B[@]}" pull -a "$REG/nosuch/repo"
expect_failure 1 "not supported yet" "${B[@]}" pull --platform linux/arm64 "$REG/test/bb:v1"
# A corrupted layer blob in the registry's storage: the digest check refuses it.
start_registry corrupt
REG2=$REGISTRY
skopeo copy -q --dest-tls-verify=false "docker-archive:$WORK/bb.tar" "docker://$REG2/test/bad:v1"
layer=$(skopeo inspect --tls-verify=false --format '{{index .Layers 0}}' "docker://$REG2/test/bad:v1")
blob=$WORK/corrupt/data/docker/registry/v2/blobs/sha256/${layer:7:2}/${layer:7}/data
printf 'X' | dd of="$blob" bs=1 seek=100 conv=notrunc status=none
use_root "$WORK/root3"  # a store without that layer yet
expect_failure 1 "filesystem layer verification failed for digest $layer" "${B[@]}" pull "$REG2/test/bad:v1"
"${B[@]}" image inspect "$REG2/test/bad:v1" >/dev/null 2>&1 && fail "a corrupted pull left an image"
# What docker-registry will not do (tools/canned_registry.py): a 403, a schema 1 manifest, and
# a layer larger than its manifest declares.
CANNED_PORT=$(free_port)
python3 "$SOURCE_DIR/tests/integration/tools/canned_registry.py" "$CANNED_PORT" &
cleanup "kill $! 2>/dev/null"
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$CANNED_PORT/v2/" && break; sleep 0.1; done
C=127.0.0.1:$CANNED_PORT
expect_failure 1 "pull access denied for $C/denied/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied" \
  "${B[@]}" pull "$C/denied/app:v1"
expect_failure 1 "repository $C/nosuch/repo not found: name unknown: repository name not known to registry" \
  "${B[@]}" pull "$C/nosuch/repo:v1"
expect_failure 1 "Docker Image manifest version 2, schema 1 support has been removed" "${B[@]}" pull "$C/schema1/old:v1"
expect_failure 1 "the registry sent more than the 1000 bytes the manifest declares" "${B[@]}" pull "$C/oversized/app:v1"
# A Space build's base image may not be larger than the tenant limit (16 GiB); the admin's may.
mkdir -p "$WORK/huge-ctx"
printf 'FROM %s/huge/app:v1\n' "$C" >"$WORK/huge-ctx/Dockerfile"
expect_failure 1 "image $C/huge/app:v1 is 107GB to download, more than the 17.2GB a Space build may pull" \
  "${B[@]}" build --tenant alice/app --allow-registry "$C" "$WORK/huge-ctx"
out=$("${B[@]}" build "$WORK/huge-ctx" 2>&1) && fail "a build from a manifest without blobs passed: $out"
grep -q "a Space build may pull" <<<"$out" && fail "the admin's build got the tenant limit: $out"
grep -q "blob unknown" <<<"$out" || fail "the admin's build did not get as far as the layer: $out"
assert_eq "$("${B[@]}" images -q)" "" "images after the failed pulls"
assert_eq "$(ls "$BERTH_ROOT/blobs/ingest" "$BERTH_ROOT/snapshots/.ingest" 2>/dev/null | grep -v ':$' | grep -c .)" 0 "half-written blobs or snapshots left"
pass "missing tag or repository, unknown host, refused connection, 403, schema 1, other platform, corrupted or oversized blob: Docker's words, nothing left"

# TLS with the test's own CA: refused until /etc/docker/certs.d/HOST:PORT/ca.crt trusts it.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.crt" -days 2 \
  -subj /CN=berth-test-ca 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$WORK/srv.key" -out "$WORK/srv.csr" -subj /CN=127.0.0.1 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$WORK/san.ext"
openssl x509 -req -in "$WORK/srv.csr" -CA "$WORK/ca.crt" -CAkey "$WORK/ca.key" -CAcreateserial \
  -out "$WORK/srv.crt" -days 2 -extfile "$WORK/san.ext" 2>/dev/null
start_registry tls "  tls:
    certificate: $WORK/srv.crt
    key: $WORK/srv.key"
REG5=$REGISTRY
skopeo copy -q --dest-tls-verify=false "docker-archive:$WORK/bb.tar" "docker://$REG5/test/bb:v1"
use_root "$WORK/root-tls"
expect_failure 1 "certificate" "${B[@]}" pull "$REG5/test/bb:v1"
printf '{"insecure-registries":["%s"]}' "$REG5" >"$WORK/insecure.json"
assert_eq "$(BERTH_REGISTRY_CONFIG=$WORK/insecure.json "${B[@]}" pull -q "$REG5/test/bb:v1")" "$REG5/test/bb:v1" \
  "pull from an insecure registry (TLS unverified)"
"${B[@]}" rmi "$REG5/test/bb:v1" >/dev/null
[[ -d /etc/docker/certs.d ]] || cleanup "rmdir /etc/docker/certs.d 2>/dev/null"
mkdir -p "/etc/docker/certs.d/$REG5"
cleanup "rm -rf '/etc/docker/certs.d/$REG5'"
cp "$WORK/ca.crt" "/etc/docker/certs.d/$REG5/ca.crt"
assert_eq "$("${B[@]}" pull -q "$REG5/test/bb:v1")" "$REG5/test/bb:v1" "pull over TLS with certs.d's CA"
# Mutual TLS: a registry that wants a client certificate gets the one certs.d holds.
openssl req -newkey rsa:2048 -nodes -keyout "$WORK/client.key" -out "$WORK/client.csr" -subj /CN=berth-client 2>/dev/null
openssl x509 -req -in "$WORK/client.csr" -CA "$WORK/ca.crt" -CAkey "$WORK/ca.key" -CAcreateserial \
  -out "$WORK/client.cert" -days 2 2>/dev/null
start_registry mtls "  tls:
    certificate: $WORK/srv.crt
    key: $WORK/srv.key
    clientcas:
      - $WORK/ca.crt"
REG7=$REGISTRY
mkdir -p "$WORK/skopeo-certs"
cp "$WORK/client.cert" "$WORK/client.key" "$WORK/skopeo-certs/"
skopeo copy -q --dest-cert-dir "$WORK/skopeo-certs" --dest-tls-verify=false "docker-archive:$WORK/bb.tar" "docker://$REG7/test/bb:v1"
mkdir -p "/etc/docker/certs.d/$REG7"
cleanup "rm -rf '/etc/docker/certs.d/$REG7'"
cp "$WORK/ca.crt" "/etc/docker/certs.d/$REG7/ca.crt"
expect_failure 1 "Get \"https://$REG7/v2/\"" "${B[@]}" pull "$REG7/test/bb:v1"
cp "$WORK/client.cert" "$WORK/client.key" "/etc/docker/certs.d/$REG7/"
assert_eq "$("${B[@]}" pull -q "$REG7/test/bb:v1")" "$REG7/test/bb:v1" "pull with certs.d's client certificate"
pass "TLS: an unknown CA is refused; certs.d's ca.crt is trusted; its client.cert/client.key are presented"

# Mirrors (BERTH_REGISTRY_CONFIG, docker's daemon.json keys): tried in order, the registry
# last; a dead mirror falls through; docker.io is served by a mirror with no internet at all.
start_registry mirror
MIRROR=$REGISTRY
skopeo copy -q --dest-tls-verify=false "docker-archive:$WORK/bb.tar" "docker://$MIRROR/library/bb:mirrored"
dead=127.0.0.1:$(free_port)
export BERTH_REGISTRY_CONFIG=$WORK/registries.json
printf '{"registry-mirrors":["http://%s","http://%s"]}' "$dead" "$MIRROR" >"$BERTH_REGISTRY_CONFIG"
use_root "$WORK/root-mirror"
assert_eq "$("${B[@]}" pull -q bb:mirrored)" "docker.io/library/bb:mirrored" "docker.io through its second mirror"
assert_eq "$("${B[@]}" images --format '{{.Repository}}:{{.Tag}}')" "bb:mirrored" "the image keeps docker.io's name"
printf '{"mirrors":{"%s":["http://%s","http://%s"]}}' "$REG" "$dead" "$MIRROR" >"$BERTH_REGISTRY_CONFIG"
assert_eq "$("${B[@]}" pull -q "$REG/test/bb:v1")" "$REG/test/bb:v1" "mirrors without the image fall through to the registry"
printf '{"registry-mirror":[]}' >"$BERTH_REGISTRY_CONFIG"
expect_failure 1 "$BERTH_REGISTRY_CONFIG: registry-mirror: unknown setting" "${B[@]}" pull "$REG/test/bb:v1"
unset BERTH_REGISTRY_CONFIG
pass "mirrors in order, the registry last; docker.io from a mirror; a bad config names the file"

# htpasswd basic auth, credentials from DOCKER_CONFIG's auths.
htpasswd -Bbn alice s3cret >"$WORK/htpasswd"
start_registry auth "auth:
  htpasswd:
    realm: berth-test
    path: $WORK/htpasswd"
REG3=$REGISTRY
skopeo copy -q --dest-tls-verify=false --dest-creds alice:s3cret "docker-archive:$WORK/bb.tar" "docker://$REG3/private/bb:v1"
export DOCKER_CONFIG=$WORK/docker-config
mkdir -p "$DOCKER_CONFIG"
expect_failure 1 "no basic auth credentials" "${B[@]}" pull "$REG3/private/bb:v1"
printf '{"auths":{"%s":{"auth":"%s"}}}' "$REG3" "$(printf alice:wrong | base64)" >"$DOCKER_CONFIG/config.json"
expect_failure 1 "unauthorized" "${B[@]}" pull "$REG3/private/bb:v1"
printf '{"auths":{"%s":{"auth":"%s"}}}' "$REG3" "$(printf alice:s3cret | base64)" >"$DOCKER_CONFIG/config.json"
assert_eq "$("${B[@]}" pull -q "$REG3/private/bb:v1")" "$REG3/private/bb:v1" "pull with basic auth"
pass "basic auth: none, wrong and right credentials"

# login/logout keep docker's config.json, which podman reads too.
rm -f "$DOCKER_CONFIG/config.json"
expect_failure 1 "failed with status: 401 Unauthorized" sh -c "printf wrong | '$BERTH' login -u alice --password-stdin '$REG3'"
[[ -e $DOCKER_CONFIG/config.json ]] && fail "a failed login wrote the config"
assert_eq "$(printf 's3cret\n' | "${B[@]}" login -u alice --password-stdin "$REG3" 2>/dev/null)" "Login Succeeded" "login"
assert_eq "$(stat -c %a "$DOCKER_CONFIG/config.json")" 600 "config.json mode"
python3 -c 'import json,sys,base64; d=json.load(open(sys.argv[1])); assert base64.b64decode(d["auths"][sys.argv[2]]["auth"]) == b"alice:s3cret", d' \
  "$DOCKER_CONFIG/config.json" "$REG3" || fail "login's record: $(cat "$DOCKER_CONFIG/config.json")"
"${B[@]}" rmi "$REG3/private/bb:v1" >/dev/null
assert_eq "$("${B[@]}" pull -q "$REG3/private/bb:v1")" "$REG3/private/bb:v1" "pull after login"
"${PODMAN[@]}" pull -q --tls-verify=false --authfile "$DOCKER_CONFIG/config.json" "$REG3/private/bb:v1" >/dev/null 2>&1 ||
  fail "podman cannot use berth's login"
"${B[@]}" tag "$REG3/private/bb:v1" "$REG3/private/pushed:v1"
"${B[@]}" push -q "$REG3/private/pushed:v1" >/dev/null || fail "push with basic auth"
expect_failure 1 "Cannot perform an interactive login from a non TTY device" "${B[@]}" login "$REG3" </dev/null
assert_eq "$("${B[@]}" logout "$REG3")" "Removing login credentials for $REG3" "logout"
assert_eq "$("${B[@]}" logout "$REG3")" "Not logged in to $REG3" "second logout"
"${B[@]}" rmi "$REG3/private/bb:v1" >/dev/null
expect_failure 1 "no basic auth credentials" "${B[@]}" pull "$REG3/private/bb:v1"
pass "login/logout: checked against the registry, kept in docker's config.json (podman uses it)"

# The Bearer token flow: docker-registry's token auth and a token server (tools/token_server.py)
# that gives anonymous pulls of public/* only and everything to alice.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/token.key" -out "$WORK/token.crt" \
  -days 2 -subj /CN=berth-test-token 2>/dev/null
TOKEN_PORT=$(free_port)
python3 "$SOURCE_DIR/tests/integration/tools/token_server.py" "$TOKEN_PORT" "$WORK/token.key" \
  "$WORK/token.crt" berth-issuer berth-registry alice:s3cret "$WORK/token.log" &
cleanup "kill $! 2>/dev/null"
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$TOKEN_PORT/token" && break; sleep 0.1; done
start_registry token "auth:
  token:
    realm: http://127.0.0.1:$TOKEN_PORT/token
    service: berth-registry
    issuer: berth-issuer
    rootcertbundle: $WORK/token.crt"
REG4=$REGISTRY
for repo in public/bb private/bb; do
  skopeo copy -q --dest-tls-verify=false --dest-creds alice:s3cret "docker-archive:$WORK/bb.tar" "docker://$REG4/$repo:v1"
done
rm -f "$DOCKER_CONFIG/config.json" "$WORK/token.log"
use_root "$WORK/root6"
assert_eq "$("${B[@]}" pull -q "$REG4/public/bb:v1")" "$REG4/public/bb:v1" "anonymous token pull"
grep -qx -- "- repository:public/bb:pull" "$WORK/token.log" || fail "the token request: $(cat "$WORK/token.log")"
expect_failure 1 "unauthorized" "${B[@]}" pull "$REG4/private/bb:v1"
printf '{"auths":{"%s":{"auth":"%s"}}}' "$REG4" "$(printf alice:wrong | base64)" >"$DOCKER_CONFIG/config.json"
expect_failure 1 "incorrect username or password" "${B[@]}" pull "$REG4/private/bb:v1"
printf '{"auths":{"%s":{"auth":"%s"}}}' "$REG4" "$(printf alice:s3cret | base64)" >"$DOCKER_CONFIG/config.json"
assert_eq "$("${B[@]}" pull -q "$REG4/private/bb:v1")" "$REG4/private/bb:v1" "token pull with a login"
grep -qx "alice repository:private/bb:pull" "$WORK/token.log" || fail "alice's token request: $(cat "$WORK/token.log")"
expect_failure 1 "incorrect username or password" sh -c "printf wrong | '$BERTH' login -u alice --password-stdin '$REG4'"
assert_eq "$(printf s3cret | "${B[@]}" login -u alice --password-stdin "$REG4" 2>/dev/null)" "Login Succeeded" "login to a token registry"
"${B[@]}" tag "$REG4/private/bb:v1" "$REG4/private/pushed:v1"
"${B[@]}" push -q "$REG4/private/pushed:v1" >/dev/null || fail "push with a token"
grep -q "^alice repository:private/pushed:pull,push" "$WORK/token.log" || fail "the push's token request: $(cat "$WORK/token.log")"
pass "Bearer token flow: anonymous public pull, private refused, wrong and right logins"

#!/usr/bin/env bash
# Space builds (`berth build --tenant OWNER/NAME`, what `berth serve` runs) against the attacks
# of issue 12: git ref option injection, host networking, other Spaces' images, a build cache
# shared across Spaces (secrets included), shared cache mounts, and downloads from the host's
# loopback. The admin's CLI builds keep their own behaviour.
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
require_tool git
tar=$(busybox_tar)
"$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
B=("$BERTH")
remove_containers_at_exit
ctx() { mkdir -p "$WORK/$1" && cat > "$WORK/$1/Dockerfile" && echo "$WORK/$1"; }

# --- 1. ADD <git>#<ref>: a ref is never an option, on any build -------------------------------
repo=$WORK/git/repo.git
git init -q "$repo"
echo top > "$repo/top.txt"
git -C "$repo" add . && git -C "$repo" -c user.email=t@t -c user.name=t commit -qm one
gport=$((20000 + RANDOM % 20000))
git daemon --reuseaddr --export-all --base-path="$WORK/git" --listen=127.0.0.1 --port="$gport" "$WORK/git" >/dev/null 2>&1 &
gitd=$!
cleanup "kill $gitd 2>/dev/null"
for _ in $(seq 100); do git ls-remote "git://127.0.0.1:$gport/repo.git" >/dev/null 2>&1 && break; sleep 0.1; done
marker="root-only-$RANDOM$RANDOM"
printf '%s\n' "$marker" > "$WORK/root-only" && chmod 600 "$WORK/root-only"
c=$(ctx gitinj <<EOF
FROM localhost/bb:1
ADD git://127.0.0.1:$gport/repo.git#--pathspec-from-file=$WORK/root-only /x/
EOF
)
out=$("${B[@]}" build --progress plain "$c" 2>&1) && fail "a ref that is an option was accepted: $out"
[[ $out == *'invalid git ref "--pathspec-from-file='* ]] || fail "no ref error: $out"
[[ $out == *"$marker"* ]] && fail "the root-only file leaked into the build output: $out"
pass "ADD git ref option injection is refused, nothing leaks"

# The fetch runs as nobody: a repository only root can read is out of its reach (file:// and
# local paths are not git sources; git over a root-only git daemon dir is served by the daemon,
# so check the checkout's owner from inside instead: the admin's fetch works and lands as 0:0).
c=$(ctx gitok <<EOF
FROM localhost/bb:1
ADD git://127.0.0.1:$gport/repo.git#master /g/
EOF
)
git -C "$repo" branch -M master 2>/dev/null || true
"${B[@]}" build -q -t localhost/gitok:1 "$c" >/dev/null || fail "the admin's git ADD failed: $("${B[@]}" build "$c" 2>&1)"
assert_eq "$("${B[@]}" run --rm localhost/gitok:1 stat -c '%u:%g %n' /g/top.txt)" "0:0 /g/top.txt" "git ADD lands as root's files"
# A Space's fetch never reaches the host's loopback.
out=$("${B[@]}" build --tenant alice/x --progress plain "$c" 2>&1) && fail "a Space fetched git from the host's loopback: $out"
[[ $out == *"127.0.0.1 is a loopback address"* ]] || fail "loopback git fetch not refused as such: $out"
expect_failure 1 "git over ssh is not supported" "${B[@]}" build "$(ctx gitssh <<'EOF'
FROM localhost/bb:1
ADD ssh://git@127.0.0.1/repo.git /x/
EOF
)"
pass "git fetch: the admin's on loopback works, a Space's is refused, ssh never uses root's keys"

# --- 6. ADD http(s)://: a Space build downloads from public addresses only -------------------
mkdir -p "$WORK/www" && echo "internal-$RANDOM" > "$WORK/www/internal.txt"
hport=$((20000 + RANDOM % 20000))
python3 -m http.server "$hport" --bind 127.0.0.1 --directory "$WORK/www" >/dev/null 2>&1 &
httpd=$!
cleanup "kill $httpd 2>/dev/null"
for _ in $(seq 100); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$hport/')" 2>/dev/null && break; sleep 0.1; done
c=$(ctx http <<EOF
FROM localhost/bb:1
ADD http://127.0.0.1:$hport/internal.txt /x
EOF
)
out=$("${B[@]}" build --tenant alice/x --progress plain "$c" 2>&1) && fail "a Space downloaded from the host's loopback: $out"
[[ $out == *"connecting to 127.0.0.1 is a loopback address, which a Space build may not reach"* ]] || fail "no address error: $out"
"${B[@]}" build -q -t localhost/http:1 "$c" >/dev/null || fail "the admin's ADD from loopback failed"
sed -i "s#http://127.0.0.1:$hport#http://169.254.169.254#" "$c/Dockerfile"
expect_failure 1 "169.254.169.254 is a link-local address" "${B[@]}" build --tenant alice/x "$c"
sed -i "s#http://169.254.169.254#http://localhost:$hport#" "$c/Dockerfile"
expect_failure 1 "is a loopback address" "${B[@]}" build --tenant alice/x "$c"
pass "ADD http: loopback, localhost and link-local refused for a Space, allowed to the admin"

# --- 2. RUN --network=host, CAP_NET_RAW -------------------------------------------------------
c=$(ctx nethost <<'EOF'
FROM localhost/bb:1
RUN --network=host true
EOF
)
expect_failure 1 "network.host is not allowed" "${B[@]}" build --tenant alice/x "$c"
expect_failure 1 "network.host is not allowed" "${B[@]}" build "$c"
expect_failure 1 "not allowed in a Space build" "${B[@]}" build --tenant alice/x --allow network.host "$c"
expect_failure 1 "network.host is not allowed" "${B[@]}" build --tenant alice/x --network host "$c"
"${B[@]}" build -q --allow network.host "$c" >/dev/null || fail "--allow network.host did not allow it"
c=$(ctx netraw <<'EOF'
FROM localhost/bb:1
RUN grep CapBnd /proc/self/status > /capbnd
EOF
)
"${B[@]}" build -q --tenant alice/x -t localhost/netraw:1 "$c" >/dev/null
bnd=$("${B[@]}" run --rm localhost/netraw:1 cat /capbnd | awk '{print $2}')
(( (0x$bnd >> 13) & 1 )) && fail "a build step holds CAP_NET_RAW (CapBnd $bnd)"
pass "RUN --network=host needs the admin's entitlement, never in a Space; steps lack CAP_NET_RAW"

# --- 3. Other Spaces' images -----------------------------------------------------------------
c=$(ctx alice <<'EOF'
FROM localhost/bb:1
RUN echo alice-private > /private
EOF
)
"${B[@]}" build -q --tenant alice/x -t localhost/spaces/alice/x:1 "$c" >/dev/null
alice_id=$("${B[@]}" image inspect -f '{{.Id}}' localhost/spaces/alice/x:1)
assert_eq "$("${B[@]}" image inspect -f '{{index .Config.Labels "berth.build.space"}}' localhost/spaces/alice/x:1)" "alice/x" "Space image label"
short=${alice_id#sha256:}; short=${short:0:12}
for from in localhost/spaces/alice/x:1 "$short" "$alice_id" "localhost/spaces/alice/x@$alice_id"; do
  c=$(ctx "bob-from" <<EOF
FROM $from
RUN cat /private
EOF
  )
  out=$("${B[@]}" build --tenant bob/y --progress plain "$c" 2>&1) && fail "bob built FROM alice's image as $from: $out"
  [[ $out == *"pull access denied, repository does not exist or may require authorization"* ]] || fail "FROM $from: wrong error: $out"
  [[ $out == *"alice-private"* ]] && fail "FROM $from: alice's file leaked: $out"
  # Asked by tag or short ID, the error never completes it to her image's ID.
  [[ $from == *"${alice_id#sha256:}"* || $out != *"${alice_id#sha256:}"* ]] || fail "FROM $from: the error reveals alice's image: $out"
done
c=$(ctx bob-copy <<'EOF'
FROM localhost/bb:1
COPY --from=localhost/spaces/alice/x:1 /private /stolen
EOF
)
expect_failure 1 "pull access denied" "${B[@]}" build --tenant bob/y "$c"
c=$(ctx bob-mount <<'EOF'
FROM localhost/bb:1
RUN --mount=from=localhost/spaces/alice/x:1,target=/a cat /a/private
EOF
)
expect_failure 1 "pull access denied" "${B[@]}" build --tenant bob/y "$c"
# Retagged by the admin, it is still alice's; the admin's own build may use it.
"${B[@]}" tag localhost/spaces/alice/x:1 localhost/innocent:1
c=$(ctx bob-retag <<'EOF'
FROM localhost/innocent:1
EOF
)
expect_failure 1 "pull access denied" "${B[@]}" build --tenant bob/y "$c"
"${B[@]}" build -q "$c" >/dev/null || fail "the admin cannot build FROM a Space's image"
# Alice builds on her own image.
c=$(ctx alice-own <<'EOF'
FROM localhost/spaces/alice/x:1
RUN cat /private
EOF
)
"${B[@]}" build -q --tenant alice/x "$c" >/dev/null || fail "alice cannot build FROM her own image"
pass "a Space sees allowed base images and its own, never another's (tag, short ID, ID, digest, --from, retag)"

# --- 4. Build cache: per Space, and a changed secret misses ----------------------------------
c=$(ctx secret <<'EOF'
FROM localhost/bb:1
RUN --mount=type=secret,id=tok cat /run/secrets/tok > /seen
EOF
)
printf alice-token > "$WORK/alice.tok"; printf bob-token > "$WORK/bob.tok"
"${B[@]}" build -q --tenant alice/x -t localhost/spaces/alice/x:2 --secret id=tok,src="$WORK/alice.tok" "$c" >/dev/null
out=$("${B[@]}" build --progress plain --tenant bob/y -t localhost/spaces/bob/y:2 --secret id=tok,src="$WORK/bob.tok" "$c" 2>&1)
grep -q "CACHED" <<<"$out" && fail "bob's build hit alice's cache: $out"
assert_eq "$("${B[@]}" run --rm localhost/spaces/bob/y:2 cat /seen)" "bob-token" "bob's build ran with his secret"
# The same Space, the same Dockerfile, a changed secret: a miss.
printf alice-token-2 > "$WORK/alice.tok"
"${B[@]}" build -q --tenant alice/x -t localhost/spaces/alice/x:3 --secret id=tok,src="$WORK/alice.tok" "$c" >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/spaces/alice/x:3 cat /seen)" "alice-token-2" "a changed secret rebuilt the step"
# An unchanged one hits, within the Space only; the admin's build is a scope of its own.
out=$("${B[@]}" build --progress plain --tenant alice/x --secret id=tok,src="$WORK/alice.tok" "$c" 2>&1)
grep -q "CACHED" <<<"$out" || fail "alice's unchanged build missed her cache: $out"
out=$("${B[@]}" build --progress plain --secret id=tok,src="$WORK/alice.tok" "$c" 2>&1)
grep -q "CACHED" <<<"$out" && fail "the admin's build hit a Space's cache: $out"
pass "build cache scoped per Space, secrets' keyed hashes in the key"

# --- 5. Cache mounts: per Space, removed with it ---------------------------------------------
c=$(ctx cachemount <<'EOF'
FROM localhost/bb:1
ARG WHO
RUN --mount=type=cache,id=shared,target=/c sh -c 'ls /c > /before; echo "$WHO" > /c/$WHO'
EOF
)
"${B[@]}" build -q --tenant alice/x --build-arg WHO=alice "$c" >/dev/null
"${B[@]}" build -q --tenant bob/y --build-arg WHO=bob -t localhost/spaces/bob/y:4 "$c" >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/spaces/bob/y:4 cat /before)" "" "bob's cache mount is not alice's"
"${B[@]}" build -q --build-arg WHO=cli -t localhost/cm:1 "$c" >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/cm:1 cat /before)" "" "the admin's cache mount is no Space's"
"${B[@]}" build -q --tenant alice/x --build-arg WHO=again -t localhost/spaces/alice/x:4 "$c" >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/spaces/alice/x:4 cat /before)" "alice" "alice keeps her cache mount"
"${B[@]}" builder prune --force --tenant alice/x >/dev/null
"${B[@]}" build -q --no-cache --tenant alice/x --build-arg WHO=late -t localhost/spaces/alice/x:5 "$c" >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/spaces/alice/x:5 cat /before)" "" "prune --tenant removed alice's cache mount"
"${B[@]}" build -q --tenant bob/y --build-arg WHO=bob2 -t localhost/spaces/bob/y:5 "$c" >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/spaces/bob/y:5 cat /before)" "bob" "prune --tenant left bob's alone"
pass "cache mounts per Space, removed by builder prune --tenant"

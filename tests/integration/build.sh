#!/usr/bin/env bash
# `berth build` end to end: the canonical Spaces Dockerfile on busybox (user 1000, a build
# secret that must never leak), the image config and history, the cache (CACHED, a changed
# file rebuilds from its COPY), multi-stage with --target and COPY --from, build args,
# .dockerignore, heredocs, errors with file and line, builder prune, podman interop, and that
# nothing (mount, cgroup, runc state) is left behind.
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
tar=$(busybox_tar)
"$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
B=("$BERTH")
remove_containers_at_exit
mounts_before=$(grep -c "$WORK" /proc/self/mountinfo || true)

# --- The canonical Spaces Dockerfile -----------------------------------------------------
SECRET="s3cr3t-$RANDOM-$RANDOM-value"
printf '%s' "$SECRET" > "$WORK/secret.txt"
app=$WORK/app
mkdir -p "$app/static"
echo "print('hello')" > "$app/app.py"
echo "<h1>hi</h1>" > "$app/static/index.html"
echo "ignored" > "$app/notes.log"
printf '*.log\n' > "$app/.dockerignore"
cat > "$app/Dockerfile" <<'EOF'
FROM localhost/bb:1
# busybox-static has no useradd: append the user as useradd -m -u 1000 user would
RUN echo 'user:x:1000:1000::/home/user:/bin/sh' >> /etc/passwd && \
    echo 'user:x:1000:' >> /etc/group && mkdir -p /home/user && chown 1000:1000 /home/user
USER user
ENV HOME=/home/user \
    PATH=/home/user/.local/bin:$PATH
WORKDIR $HOME/app
COPY --chown=user . $HOME/app
RUN --mount=type=secret,id=SECRET_EXAMPLE,mode=0444,required=true \
    test -s /run/secrets/SECRET_EXAMPLE && wc -c < /run/secrets/SECRET_EXAMPLE > secret-length
EXPOSE 7860
CMD ["sh", "-c", "id -u; cat secret-length; ls -n /home/user/app | tail -n +2 | awk '{print $3, $9}'"]
EOF
out=$("${B[@]}" build -t localhost/space:1 --secret id=SECRET_EXAMPLE,src="$WORK/secret.txt" "$app" 2>&1) ||
  fail "space build failed: $out"
grep -q "^#[0-9]* \[5/5\] RUN --mount=type=secret" <<<"$out" || fail "progress lacks the steps: $out"
run_out=$("${B[@]}" run --rm localhost/space:1)
assert_eq "$(head -2 <<<"$run_out" | tr '\n' ' ')" "1000 ${#SECRET} " "runs as 1000 and the secret was used"
assert_eq "$(tail -n +3 <<<"$run_out" | tr '\n' ' ')" "1000 Dockerfile 1000 app.py 1000 secret-length 1000 static " \
  "files owned by user, .dockerignore'd file absent"
assert_eq "$("${B[@]}" run --rm localhost/space:1 stat -c %U /home/user/app)" "user" "WORKDIR created for USER"
assert_eq "$("${B[@]}" image inspect -f '{{.Config.User}} {{.Config.WorkingDir}} {{json .Config.ExposedPorts}}' localhost/space:1)" \
  'user /home/user/app {"7860/tcp":{}}' "image config"
"${B[@]}" image inspect -f '{{json .Config.Env}}' localhost/space:1 | grep -q '"PATH=/home/user/.local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"' ||
  fail "PATH not extended: $("${B[@]}" image inspect -f '{{json .Config.Env}}' localhost/space:1)"
pass "canonical Spaces Dockerfile"

# The secret's bytes are nowhere: not in a blob, a snapshot, the database (cache) or the output.
rc=0
grep -rlF "$SECRET" "$BERTH_ROOT" || rc=$?
[[ $rc -eq 1 ]] || fail "the secret leaked into the store (grep exit $rc)"
grep -qF "$SECRET" <<<"$out" && fail "the secret leaked into the build output"
"${B[@]}" save localhost/space:1 | grep -qaF "$SECRET" && fail "the secret leaked into the image"
pass "secret never reaches a layer, the config, history, cache or output"
expect_failure 1 "secret SECRET_EXAMPLE: not found" "${B[@]}" build -t localhost/space:nosecret --no-cache "$app"
"${B[@]}" image inspect localhost/space:nosecret >/dev/null 2>&1 && fail "a failed build left an image"
pass "a required secret that is missing fails the build"

# --- Cache ------------------------------------------------------------------------------
out=$("${B[@]}" build -t localhost/space:1 --secret id=SECRET_EXAMPLE,src="$WORK/secret.txt" "$app" 2>&1)
assert_eq "$(grep -c ' CACHED$' <<<"$out")" "4" "a second build is all cached"
id1=$("${B[@]}" image inspect -f '{{.Id}}' localhost/space:1)
touch "$app/app.py"
out=$("${B[@]}" build -q --secret id=SECRET_EXAMPLE,src="$WORK/secret.txt" "$app" 2>&1)
assert_eq "$out" "$id1" "a new mtime keeps the cache and gives the same image"
echo "print('changed')" > "$app/app.py"
out=$("${B[@]}" build -t localhost/space:2 --secret id=SECRET_EXAMPLE,src="$WORK/secret.txt" "$app" 2>&1)
assert_eq "$(grep -c ' CACHED$' <<<"$out")" "2" "a changed file rebuilds from its COPY on"
assert_eq "$("${B[@]}" run --rm localhost/space:2 cat app.py)" "print('changed')" "rebuilt content"
echo "more" > "$app/other.log"
out=$("${B[@]}" build -t localhost/space:2 --secret id=SECRET_EXAMPLE,src="$WORK/secret.txt" "$app" 2>&1)
assert_eq "$(grep -c ' CACHED$' <<<"$out")" "4" "an ignored file does not break the cache"
pass "cache hits and misses"

# --- Multi-stage, --target, COPY --from, build args, heredocs, config instructions --------
ms=$WORK/multistage
mkdir -p "$ms"
cat > "$ms/Dockerfile" <<'EOF'
# syntax=docker/dockerfile:1
ARG GREETING=hello
FROM localhost/bb:1 AS builder
ARG GREETING
ARG SUFFIX=default
RUN echo "$GREETING $SUFFIX" > /built.txt
RUN <<EOT
echo heredoc-script > /heredoc.txt
EOT
RUN <<EOT
#!/bin/sh -e
echo "ran as $0" > /shebang.txt
EOT
RUN <<A cat > /a.txt && <<'B' cat > /b.txt
expanded $GREETING
A
literal $GREETING
B
COPY <<EOT /inline.txt
inline $GREETING
EOT

FROM localhost/bb:1 AS unused
RUN exit 1

FROM localhost/bb:1
LABEL org.example.team="spaces" version=1
ENV APP_ENV=prod
COPY --from=builder /built.txt /heredoc.txt /inline.txt /a.txt /b.txt /shebang.txt /out/
SHELL ["/bin/sh", "-ec"]
RUN cat /out/built.txt > /out/copied.txt
VOLUME /data
STOPSIGNAL SIGINT
HEALTHCHECK --interval=30s --retries=2 CMD true
ONBUILD RUN echo child
ENTRYPOINT ["/bin/cat"]
CMD ["/out/copied.txt"]
EOF
out=$("${B[@]}" build -t localhost/ms:1 --build-arg SUFFIX=given --build-arg NOPE=1 "$ms" 2>&1) || fail "multi-stage build: $out"
grep -q "One or more build-args \[NOPE\] were not consumed" <<<"$out" || fail "no unused build-arg warning: $out"
grep -q "RUN exit 1" <<<"$out" && fail "the unused stage was built"
assert_eq "$("${B[@]}" run --rm localhost/ms:1)" "hello given" "COPY --from and ARGs"
assert_eq "$("${B[@]}" run --rm --entrypoint cat localhost/ms:1 /out/heredoc.txt /out/inline.txt /out/a.txt /out/b.txt /out/shebang.txt | tr '\n' ' ')" \
  "heredoc-script inline hello expanded hello literal \$GREETING ran as /dev/pipes/EOT " "RUN and COPY heredocs"
inspect=$("${B[@]}" image inspect -f '{{json .Config.Labels}} {{json .Config.Volumes}} {{.Config.StopSignal}} {{json .Config.Healthcheck.Test}} {{json .Config.OnBuild}} {{json .Config.Shell}} {{json .Config.Entrypoint}} {{json .Config.Cmd}}' localhost/ms:1)
assert_eq "$inspect" '{"org.example.team":"spaces","version":"1"} {"/data":{}} SIGINT ["CMD-SHELL","true"] ["RUN echo child"] ["/bin/sh","-ec"] ["/bin/cat"] ["/out/copied.txt"]' "config instructions"
# ONBUILD triggers run in a child build, before its own instructions, and are not inherited.
child=$WORK/child
mkdir -p "$child"
printf 'FROM localhost/ms:1\nRUN test -f /from-trigger\n' > "$child/Dockerfile"
sed -i 's|^ONBUILD RUN echo child$|ONBUILD RUN echo child > /from-trigger|' "$ms/Dockerfile"
"${B[@]}" build -q -t localhost/ms:1 "$ms" >/dev/null
"${B[@]}" build -q -t localhost/child:1 "$child" >/dev/null || fail "the ONBUILD trigger did not run first"
assert_eq "$("${B[@]}" image inspect -f '{{json .Config.OnBuild}}' localhost/child:1)" "null" "ONBUILD not inherited"
"${B[@]}" build -q -t localhost/ms:builder --target builder "$ms" >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/ms:builder cat /built.txt)" "hello default" "--target"
expect_failure 1 'target stage "nosuch" could not be found' "${B[@]}" build --target nosuch "$ms"
pass "multi-stage, --target, COPY --from, build args, heredocs, config"

# Independent stages build at the same time: each waits for the other's marker in a shared
# cache mount, which only works when both run at once (each gives up after 20 s).
par=$WORK/parallel
mkdir -p "$par"
cat > "$par/Dockerfile" <<'EOF'
FROM localhost/bb:1 AS left
ARG RV
RUN --mount=type=cache,id=$RV,target=/r touch /r/left && for i in $(seq 200); do [ -e /r/right ] && exit 0; sleep 0.1; done; exit 1
FROM localhost/bb:1 AS right
ARG RV
RUN --mount=type=cache,id=$RV,target=/r touch /r/right && for i in $(seq 200); do [ -e /r/left ] && exit 0; sleep 0.1; done; exit 1
FROM localhost/bb:1
COPY --from=left /etc/passwd /left
COPY --from=right /etc/passwd /right
EOF
"${B[@]}" build -q --no-cache --build-arg RV="rv-$RANDOM$RANDOM" -t localhost/parallel:1 "$par" >/dev/null ||
  fail "independent stages did not run in parallel"
pass "independent stages build in parallel"

# sharing=locked: the same two stages take turns with the cache (their writes never interleave).
cat > "$par/Dockerfile" <<'EOF'
FROM localhost/bb:1 AS left
ARG RV
RUN --mount=type=cache,id=$RV,target=/c,sharing=locked echo start >> /c/log && sleep 0.5 && echo end >> /c/log
FROM localhost/bb:1 AS right
ARG RV
RUN --mount=type=cache,id=$RV,target=/c,sharing=locked echo start >> /c/log && sleep 0.5 && echo end >> /c/log
FROM localhost/bb:1
ARG RV
COPY --from=left /etc/passwd /left
COPY --from=right /etc/passwd /right
RUN --mount=type=cache,id=$RV,target=/c cp /c/log /log
EOF
"${B[@]}" build -q --no-cache --build-arg RV="rv-$RANDOM$RANDOM" -t localhost/locked:1 "$par" >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/locked:1 cat /log | tr '\n' ' ')" "start end start end " "sharing=locked"
pass "cache mounts with sharing=locked take turns"

# FROM scratch, a secret from an environment variable, a bind mount of another stage.
sc=$WORK/scratch
mkdir -p "$sc"
echo "in scratch" > "$sc/file.txt"
cat > "$sc/Dockerfile" <<'EOF'
FROM localhost/bb:1 AS tools
RUN echo from-tools-stage > /tool.txt
FROM localhost/bb:1 AS check
RUN --mount=type=bind,from=tools,source=/tool.txt,target=/mnt/tool.txt --mount=type=secret,id=token,env=TOKEN \
    cat /mnt/tool.txt > /seen && test "$TOKEN" = "$(cat /run/secrets/token)" && echo secret-env-ok >> /seen
RUN --mount=type=bind,target=/ctx,rw echo scribble > /ctx/file.txt && cat /ctx/file.txt >> /seen
FROM scratch
COPY --from=check /seen /seen
COPY file.txt /
EOF
TOKEN_VALUE="tok-$RANDOM" "${B[@]}" build -q --secret id=token,env=TOKEN_VALUE -t localhost/scratch:1 "$sc" >/dev/null
"${B[@]}" create --name scr localhost/scratch:1 /none >/dev/null
mkdir -p "$WORK/out"
"${B[@]}" cp scr:/seen "$WORK/out/seen"
"${B[@]}" cp scr:/file.txt "$WORK/out/file.txt"
"${B[@]}" rm scr >/dev/null
assert_eq "$(cat "$WORK/out/seen" "$WORK/out/file.txt" | tr '\n' ' ')" "from-tools-stage secret-env-ok scribble in scratch " "scratch, bind from a stage, secret env, rw bind"
assert_eq "$("${B[@]}" image inspect -f '{{len .RootFS.Layers}}' localhost/scratch:1)" "2" "a scratch image has only its own layers"
assert_eq "$(cat "$sc/file.txt")" "in scratch" "a rw bind mount leaves the context as it was"
pass "FROM scratch, --mount=type=bind,from=stage and rw, --secret env="

# Dockerfile from stdin, context as a tar on stdin, -f, --iidfile, --label.
printf 'FROM localhost/bb:1\nRUN echo from-stdin > /f\n' | "${B[@]}" build -q -t localhost/stdin:1 - >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/stdin:1 cat /f)" "from-stdin" "Dockerfile on stdin"
printf 'FROM --platform=$BUILDPLATFORM localhost/bb:1\nARG TARGETARCH\nRUN echo "$TARGETARCH" > /arch\n' |
  "${B[@]}" build -q -t localhost/plat:1 - >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/plat:1 cat /arch)" "amd64" "predefined platform ARGs"
tar -C "$ms" -cf - . | "${B[@]}" build -q -t localhost/tarctx:1 --iidfile "$WORK/iid" --label via=tar - >/dev/null
assert_eq "$(cat "$WORK/iid")" "$("${B[@]}" image inspect -f '{{.Id}}' localhost/tarctx:1)" "--iidfile"
assert_eq "$("${B[@]}" image inspect -f '{{index .Config.Labels "via"}}' localhost/tarctx:1)" "tar" "--label"
cp "$ms/Dockerfile" "$WORK/Other.dockerfile"
"${B[@]}" build -q -f "$WORK/Other.dockerfile" -t localhost/fflag:1 "$ms" >/dev/null
pass "stdin Dockerfile, tar context, -f, --iidfile, --label"

# ADD: a local archive is extracted, a URL (served on loopback) is downloaded as a 0600 file,
# not extracted, and checked against --checksum.
addctx=$WORK/add
mkdir -p "$addctx/www"
echo "archived" > "$WORK/member.txt"
tar -C "$WORK" -czf "$addctx/local.tar.gz" member.txt
cp "$addctx/local.tar.gz" "$addctx/www/remote.tar.gz"
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$addctx/www" >/dev/null 2>&1 &
server=$!
cleanup "kill $server 2>/dev/null"
for _ in $(seq 100); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break; sleep 0.1; done
sum=$(sha256sum "$addctx/www/remote.tar.gz" | cut -d' ' -f1)
cat > "$addctx/Dockerfile" <<EOF
FROM localhost/bb:1
ADD local.tar.gz /x/
ADD --checksum=sha256:$sum http://127.0.0.1:$port/remote.tar.gz /y/
EOF
"${B[@]}" build -q -t localhost/add:1 "$addctx" >/dev/null
assert_eq "$("${B[@]}" run --rm localhost/add:1 sh -c 'cat /x/member.txt; stat -c "%a %s" /y/remote.tar.gz')" \
  "$(printf 'archived\n600 %s' "$(stat -c %s "$addctx/www/remote.tar.gz")")" "ADD extracts local archives, downloads URLs as they are"
sed -i "s/sha256:$sum/sha256:$(echo other | sha256sum | cut -d' ' -f1)/" "$addctx/Dockerfile"
expect_failure 1 "digest mismatch" "${B[@]}" build -q -t localhost/add:2 "$addctx"
kill $server 2>/dev/null
pass "ADD archives, URLs and --checksum"

# ADD of a git repository (served by git daemon on loopback): a ref, a subdirectory, and
# --keep-git-dir.
if command -v git >/dev/null; then
  repo=$WORK/git/repo.git
  git init -q "$repo"
  git -C "$repo" -c user.email=t@t -c user.name=t commit -q --allow-empty -m empty
  mkdir -p "$repo/sub" && echo first > "$repo/top.txt" && echo inner > "$repo/sub/inner.txt"
  git -C "$repo" add . && git -C "$repo" -c user.email=t@t -c user.name=t commit -qm one && git -C "$repo" tag v1
  echo second > "$repo/top.txt" && git -C "$repo" -c user.email=t@t -c user.name=t commit -qam two
  gport=$((20000 + RANDOM % 20000))
  git daemon --reuseaddr --export-all --base-path="$WORK/git" --listen=127.0.0.1 --port="$gport" "$WORK/git" >/dev/null 2>&1 &
  gitd=$!
  cleanup "kill $gitd 2>/dev/null"
  for _ in $(seq 100); do git ls-remote "git://127.0.0.1:$gport/repo.git" >/dev/null 2>&1 && break; sleep 0.1; done
  mkdir -p "$WORK/gitctx"
  cat > "$WORK/gitctx/Dockerfile" <<EOF
FROM localhost/bb:1
ADD git://127.0.0.1:$gport/repo.git /head/
ADD git://127.0.0.1:$gport/repo.git#v1:sub /sub/
ADD --keep-git-dir=true git://127.0.0.1:$gport/repo.git#v1 /kept/
EOF
  "${B[@]}" build -q -t localhost/git:1 "$WORK/gitctx" >/dev/null
  assert_eq "$("${B[@]}" run --rm localhost/git:1 sh -c 'cat /head/top.txt /sub/inner.txt /kept/top.txt; test -d /head/.git || echo no-git; test -d /kept/.git && echo kept-git')" \
    "$(printf 'second\ninner\nfirst\nno-git\nkept-git')" "ADD git"
  kill $gitd 2>/dev/null
  pass "ADD git repositories: ref, subdir, --keep-git-dir"
fi

# --- Errors: file and line, nothing built -------------------------------------------------
bad=$WORK/bad
mkdir -p "$bad"
printf 'FROM localhost/bb:1\nRUN true\nFOO bar\n' > "$bad/Dockerfile"
expect_failure 1 "Dockerfile:3: dockerfile parse error on line 3: unknown instruction: FOO" "${B[@]}" build -t localhost/bad:1 "$bad"
printf 'FROM localhost/nosuch:1\n' > "$bad/Dockerfile"
expect_failure 1 "failed to resolve source metadata for localhost/nosuch:1" "${B[@]}" build -t localhost/bad:1 "$bad"
printf 'FROM localhost/bb:1\nRUN exit 3\n' > "$bad/Dockerfile"
expect_failure 1 'process "/bin/sh -c exit 3" did not complete successfully: exit code: 3' "${B[@]}" build -t localhost/bad:1 "$bad"
printf 'FROM localhost/bb:1\nCOPY missing.txt /\n' > "$bad/Dockerfile"
expect_failure 1 '"/missing.txt": not found' "${B[@]}" build -t localhost/bad:1 "$bad"
printf 'FROM localhost/bb:1\nRUN <<EOF\necho never ends\n' > "$bad/Dockerfile"
expect_failure 1 "unterminated heredoc" "${B[@]}" build -t localhost/bad:1 "$bad"
"${B[@]}" image inspect localhost/bad:1 >/dev/null 2>&1 && fail "a failed build left an image"
pass "errors name the file and line; nothing is built"

# --- Interop: a Berth-built image runs in podman ------------------------------------------
if command -v podman >/dev/null; then
  setup_podman
  "${B[@]}" save localhost/space:1 | "${PODMAN[@]}" load >/dev/null 2>&1
  assert_eq "$("${PODMAN[@]}" run --rm --network none localhost/space:1 | head -2 | tr '\n' ' ')" "1000 ${#SECRET} " "the image runs in podman"
  # The same Dockerfile built by podman gives the same config.
  cat > "$ms/Dockerfile.cfg" <<'EOF'
FROM localhost/bb:1
ENV A=1 B="two words"
WORKDIR /srv/app
USER 1000:1000
EXPOSE 8080/udp 7860
LABEL k=v
CMD ["run", "me"]
EOF
  "${PODMAN[@]}" import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null 2>&1
  "${PODMAN[@]}" build -q --isolation chroot -f "$ms/Dockerfile.cfg" -t localhost/cfg:1 "$ms" >/dev/null 2>&1 ||
    "${PODMAN[@]}" build -q -f "$ms/Dockerfile.cfg" -t localhost/cfg:1 "$ms" >/dev/null
  "${B[@]}" build -q -f "$ms/Dockerfile.cfg" -t localhost/cfg:1 "$ms" >/dev/null
  fields='{{json .Config.Env}} {{.Config.WorkingDir}} {{.Config.User}} {{json .Config.ExposedPorts}} {{json .Config.Labels}} {{json .Config.Cmd}}'
  theirs=$("${PODMAN[@]}" image inspect -f "$fields" localhost/cfg:1 | sed 's/"io.buildah.version":"[^"]*",\{0,1\}//')
  ours=$("${B[@]}" image inspect -f "$fields" localhost/cfg:1)
  assert_eq "$ours" "$theirs" "the same config as podman build"
  pass "podman runs Berth's image; podman's config matches"
fi

# --- builder prune, and nothing left behind -----------------------------------------------
"${B[@]}" rmi localhost/space:2 >/dev/null
cache_before=$("${B[@]}" system df --format '{{.Type}} {{.TotalCount}}' | grep '^Build Cache' | awk '{print $3}')
[[ $cache_before -gt 0 ]] || fail "system df counts no build cache after builds: $cache_before"
"${B[@]}" builder prune -f | grep -q "Deleted build cache objects" || fail "builder prune output"
assert_eq "$("${B[@]}" system df --format '{{.Type}}|{{.TotalCount}}|{{.Size}}' | grep '^Build Cache')" "Build Cache|0|0B" "system df after builder prune"
out=$("${B[@]}" build -t localhost/space:1 --secret id=SECRET_EXAMPLE,src="$WORK/secret.txt" "$app" 2>&1)
grep -q " CACHED$" <<<"$out" && fail "cache survived builder prune"
assert_eq "$(grep -c "$WORK" /proc/self/mountinfo || true)" "$mounts_before" "no mount left"
[[ -z $(ls "$BERTH_ROOT/build/steps" 2>/dev/null) ]] || fail "step dirs left: $(ls "$BERTH_ROOT/build/steps")"
ls -d /sys/fs/cgroup/memory/berth/build-* 2>/dev/null && fail "build cgroups left"
runc --root /run/berth/runc list -q | grep -q "^build-" && fail "runc state left"
pass "builder prune; no mount, step dir, cgroup or runtime state left"

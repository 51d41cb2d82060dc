#pragma once
// The build context and COPY/ADD machinery in one include. How the executor uses it:
//
//   auto ctx = BuildContext::from_directory(dir, dockerfile_path);   // or from_tar / none /
//                                                                     // read_build_stdin
//   validate_checksum_flag(is_add, sources, checksum);
//   std::vector<CopySource> srcs = resolve_sources(ctx, local_sources, {excludes, parents});
//   for each URL source (ADD): srcs.push_back(resolve_url_source(fetcher, url, checksum, tmp));
//   for each heredoc:          srcs.push_back(inline_source(name, body));
//   Digest key_part = digest_sources(ctx, srcs);                     // into the cache key
//   CopyOptions opts{.chown = resolve_chown_in_rootfs(spec, rootfs), .chmod = parse_chmod(m),
//                    .unpack_archives = is_add};
//   copy_into_rootfs(ctx, srcs, {rootfs, workdir, dest}, opts);
#include "build/context/add_source.hpp"        // IWYU pragma: export
#include "build/context/build_context.hpp"     // IWYU pragma: export
#include "build/context/copy_into_rootfs.hpp"  // IWYU pragma: export
#include "build/context/ownership.hpp"         // IWYU pragma: export
#include "build/context/resolve_sources.hpp"   // IWYU pragma: export
#include "build/context/source_digest.hpp"     // IWYU pragma: export

#pragma once
// Content digests of COPY/ADD sources for the build cache key. They cover exactly what
// copy_into_rootfs() would write from the sources: each entry's path below the destination,
// type, mode, symlink target and file content; not mtimes and not ownership in the context
// (COPY resets ownership), so touching a file keeps the cache and editing one byte does not.
// Options (--chown, --chmod, the destination) are the executor's part of the key.
#include <string_view>
#include <vector>

#include "base/digest.hpp"
#include "build/context/build_context.hpp"
#include "build/context/copy_source.hpp"

namespace berth::build {

Digest digest_sources(const BuildContext& context, const std::vector<CopySource>& sources);

// A heredoc / inline file: its name and content.
Digest digest_inline_source(std::string_view name, std::string_view content);

}  // namespace berth::build

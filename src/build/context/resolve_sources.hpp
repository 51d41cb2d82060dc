#pragma once
// COPY/ADD source resolution with BuildKit's rules: sources are relative to the context root
// and clamped to it (a leading '/' or ".." cannot leave it); wildcards use Go's
// filepath.Match per path segment; a wildcard matching nothing copies nothing, a plain path
// that does not exist fails with BuildKit's `failed to compute cache key: "/x": not found`;
// .dockerignore'd paths do not exist; a source that is a symlink is followed inside the
// context, a symlink inside a copied directory is kept as a symlink.
#include <string>
#include <vector>

#include "build/context/build_context.hpp"
#include "build/context/copy_source.hpp"

namespace berth::build {

struct ResolveOptions {
  // COPY --exclude: patternmatcher patterns matched against each path as it lands below the
  // destination (a file's base name, a directory's contents relative to it, --parents paths).
  std::vector<std::string> excludes;
  // COPY --parents: keep each source's path; "a/./b/c" keeps only "b/c" (the pivot).
  bool parents = false;
};

// Resolves local sources (never URLs: see add_source.hpp). Throws InvalidArgumentError for no
// sources or a bad pattern, NotFoundError for a missing non-wildcard source, berth::Error for
// a special file (FIFO, device) inside a copied directory ("not supported yet").
std::vector<CopySource> resolve_sources(const BuildContext& context,
                                        const std::vector<std::string>& sources,
                                        const ResolveOptions& options = {});

// Resolves `path` (clean, context-relative) inside the context, following symlinks as if the
// context root were "/". nullopt when something on the way is missing or loops.
std::optional<std::string> resolve_in_context(int root_fd, std::string_view path);

}  // namespace berth::build

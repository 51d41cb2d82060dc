#pragma once
// The bounds of the compose loader. A compose file is input from whoever wrote it (a cloned
// repository, a downloaded example): every parser step is bounded in size, depth and work.
#include <cstddef>

namespace berth::compose {

inline constexpr size_t kMaxFileBytes = 4 * 1024 * 1024;  // one compose file, one .env file
inline constexpr int kMaxYamlDepth = 64;                  // nesting of mappings and sequences
// Nodes one file may stand for once its aliases are expanded (the "billion laughs": a few
// lines of anchors and aliases that name a tree of 10^9 nodes).
inline constexpr size_t kMaxNodes = 200000;
// Scalar bytes one file may stand for once its aliases are expanded.
inline constexpr size_t kMaxExpandedBytes = 32 * 1024 * 1024;
inline constexpr size_t kMaxServices = 1000;
// Nodes of the whole project's tree, once files are merged and extends applied (each
// `extends` copies its base).
inline constexpr size_t kMaxProjectNodes = 1000000;
// Ports of the whole project once ranges are expanded ("1-65535" is 65535 of them).
inline constexpr size_t kMaxPorts = 100000;
inline constexpr int kMaxInterpolationDepth = 16;             // ${A:-${B:-${C}}} nesting
inline constexpr size_t kMaxInterpolatedBytes = 1024 * 1024;  // one value after interpolation
inline constexpr int kMaxIncludeDepth = 8;   // include: of files that include files
inline constexpr int kMaxExtendsDepth = 16;  // extends: chains
inline constexpr size_t kMaxFiles = 64;      // files read for one project, includes and extends

}  // namespace berth::compose

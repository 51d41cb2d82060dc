#pragma once
// The OCI/AUFS whiteout naming that layer tars use, and overlayfs's xattr names.
#include <string_view>

namespace berth::image {

inline constexpr std::string_view kWhiteoutPrefix = ".wh.";
inline constexpr std::string_view kWhiteoutMetaPrefix = ".wh..wh.";
inline constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
inline constexpr std::string_view kTrustedOpaqueXattr = "trusted.overlay.opaque";
inline constexpr std::string_view kUserOpaqueXattr = "user.overlay.opaque";

// overlayfs's own control attributes: never taken from a layer, never put into one.
inline bool is_overlay_xattr(std::string_view name) {
  return name.starts_with("trusted.overlay.") || name.starts_with("user.overlay.");
}

}  // namespace berth::image

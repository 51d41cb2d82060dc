#pragma once
// A layer holding the host's static busybox as /bin/busybox with /bin/sh, echo, sleep and cat
// linked to it: enough of an image to run shell scripts in real containers, without root to
// make it and without a registry.
#include <string>

namespace berth::test_support {

inline constexpr const char* kHostBusybox = "/bin/busybox";

// The layer as an uncompressed tar (for add_image's layer_tars). Throws when the host has no
// busybox.
std::string busybox_layer();

}  // namespace berth::test_support

#pragma once
// What flows from an attach client to the shim on its socket (shim_main.cpp serves it,
// shim_client/attach.cpp speaks it). Everything a client sends is the container's stdin,
// except for two kinds of control line, each starting with an escape that no keyboard sends
// on its own in that form:
// - kNoStdinGreeting, first on the connection: this client brings no stdin (`attach
//   --no-stdin`, or the container has none), so neither its bytes nor its leaving end the
//   container's stdin. A client that says nothing brings stdin (as every client before it did).
// - kResizePrefix + "ROWS;COLS\n", any time on a tty: the terminal's new size.
#include <string_view>

namespace berth::runtime {

inline constexpr std::string_view kNoStdinGreeting = "\x1b]berth-attach;no-stdin\n";
inline constexpr std::string_view kResizePrefix = "\x1b]berth-resize;";

}  // namespace berth::runtime

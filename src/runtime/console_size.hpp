#pragma once
// A terminal's size, as the user's terminal reports it and as a tty container receives it.

namespace berth::runtime {

struct ConsoleSize {
  unsigned rows = 0;
  unsigned cols = 0;
};

}  // namespace berth::runtime

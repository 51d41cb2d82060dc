#pragma once
// Named points where a test can make the process die with SIGKILL (BERTH_CRASH_AT=<name>),
// to prove that a crash between any two publishing steps leaves the store consistent.
// Costs one getenv per call; does nothing unless the variable names this point.
#include <string_view>

namespace berth {
void crash_point(std::string_view name);
}

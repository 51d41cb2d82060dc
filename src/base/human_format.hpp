#pragma once
// Sizes and ages the way Docker's CLI prints them (go-units HumanSize / HumanDuration).
#include <chrono>
#include <cstdint>
#include <string>

namespace berth {

// Decimal units, 3 significant digits: "4.26MB", "872kB", "0B".
std::string human_size(double bytes, int precision = 3);
// "Less than a second", "About a minute", "3 hours", "2 weeks"…
std::string human_duration(std::chrono::seconds d);
// human_duration(now - t) + " ago".
std::string human_age(std::chrono::system_clock::time_point t,
                      std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace berth

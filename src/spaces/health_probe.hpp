#pragma once
// Whether a Space's app answers HTTP on its port: the Hub's readiness rule (any HTTP response
// counts, even a 404; a port that accepts and stays silent does not).
#include <chrono>
#include <cstdint>
#include <string>

namespace berth::spaces {

// One attempt: connect, send `GET / HTTP/1.0`, and wait for a status line, all within
// `timeout`.
bool answers_http(const std::string& address, uint16_t port, std::chrono::milliseconds timeout);

}  // namespace berth::spaces

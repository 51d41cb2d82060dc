#pragma once
// Errors in a compose file name the file, the line and the key path, as
//   compose.yaml:12: services.web.ports[0]: invalid port "80:80:80"
// and exit 1.
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "compose/node.hpp"

namespace berth::compose {

class ComposeError : public InvalidArgumentError {
 public:
  using InvalidArgumentError::InvalidArgumentError;
};

// "FILE:LINE: PATH: MESSAGE" (the parts that are empty or 0 left out).
std::string located(std::string_view file, int line, std::string_view path,
                    std::string_view message);

[[noreturn]] void fail_at(std::string_view file, int line, std::string_view path,
                          std::string_view message);
[[noreturn]] void fail_at(const Node& node, std::string_view path, std::string_view message);

// "services.web" + "ports" → "services.web.ports"; + index 0 → "services.web.ports[0]".
std::string child_path(std::string_view path, std::string_view key);
std::string item_path(std::string_view path, size_t index);

}  // namespace berth::compose

#pragma once
// An error in a build input (Dockerfile, .dockerignore) that names the file and the line, in
// BuildKit's wording: "Dockerfile:3: dockerfile parse error on line 3: unknown instruction: FOO".
#include <string>

#include "base/error.hpp"

namespace berth::build {

struct SourceLocation {
  std::string file;  // as the user named it, e.g. "Dockerfile" or "sub/Dockerfile.dev"
  int line = 0;      // 1-based; 0 when the error is about the file as a whole
};

class SourceError : public InvalidArgumentError {
 public:
  SourceError(SourceLocation where, const std::string& message);
  const SourceLocation& where() const { return where_; }
  // The message without the "file:line: " prefix.
  const std::string& detail() const { return detail_; }

 private:
  SourceLocation where_;
  std::string detail_;
};

}  // namespace berth::build

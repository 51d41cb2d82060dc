#include "build/dockerfile/source_error.hpp"

namespace berth::build {

namespace {
std::string located(const SourceLocation& where, const std::string& message) {
  if (where.line <= 0) return where.file + ": " + message;
  return where.file + ":" + std::to_string(where.line) + ": " + message;
}
}  // namespace

SourceError::SourceError(SourceLocation where, const std::string& message)
    : InvalidArgumentError(located(where, message)), where_(std::move(where)), detail_(message) {}

}  // namespace berth::build

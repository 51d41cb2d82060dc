#pragma once
// Errors that carry context up to the user. An Error's message is what the CLI prints after
// "Error: "; exit_code follows Docker's conventions (1 for most command failures, 125 for
// the engine's own errors in run/create).
#include <stdexcept>
#include <string>

namespace berth {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int exit_code = 1)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// The object a command names does not exist ("No such image: x").
class NotFoundError : public Error {
 public:
  using Error::Error;
};

// The user's input is malformed (bad reference, bad flag value).
class InvalidArgumentError : public Error {
 public:
  using Error::Error;
};

// An operation conflicts with the store's state (image in use, name taken).
class ConflictError : public Error {
 public:
  using Error::Error;
};

// Builds an Error from the current errno: "what: strerror(errno)".
[[noreturn]] void throw_errno(const std::string& what);
[[noreturn]] void throw_errno(const std::string& what, int err);

// Prefixes an error's message with context while keeping its type's meaning.
template <typename F>
auto with_context(const std::string& context, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const NotFoundError& e) {
    throw NotFoundError(context + ": " + e.what(), e.exit_code());
  } catch (const InvalidArgumentError& e) {
    throw InvalidArgumentError(context + ": " + e.what(), e.exit_code());
  } catch (const Error& e) {
    throw Error(context + ": " + e.what(), e.exit_code());
  }
}

}  // namespace berth

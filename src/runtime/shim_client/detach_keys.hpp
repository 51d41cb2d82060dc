#pragma once
// Docker's detach keys: typed on an attached terminal, they end the attach and leave the
// container running (ctrl-p ctrl-q unless --detach-keys says otherwise).
#include <string>
#include <string_view>

namespace berth::runtime {

inline constexpr std::string_view kDefaultDetachKeys = "\x10\x11";  // ctrl-p, ctrl-q

// Docker's notation: comma-separated keys, each a single character or ctrl-<key> with <key>
// one of a-z @ [ \ ] ^ _. An empty string means none. Throws InvalidArgumentError naming the
// key it does not know.
std::string parse_detach_keys(std::string_view keys);

// Watches typed bytes for the sequence. Bytes that may begin it are held back until the next
// ones tell, so a container never sees (part of) a detach; a sequence left unfinished is
// passed on as typed.
class DetachKeyWatch {
 public:
  explicit DetachKeyWatch(std::string sequence) : sequence_(std::move(sequence)) {}

  struct Result {
    std::string forward;    // what the container gets
    bool detached = false;  // the sequence was completed (what followed it is dropped)
  };
  Result feed(std::string_view typed);

 private:
  std::string sequence_;
  size_t matched_ = 0;  // how much of the sequence the last bytes typed were
};

}  // namespace berth::runtime

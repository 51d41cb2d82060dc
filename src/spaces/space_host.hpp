#pragma once
// A Space's host label, the first label of its URL ({label}.{domain}) as the Hub's
// `subdomain`: "{owner}-{name}" lowercase, with what a DNS label cannot hold ('.', '_')
// turned into '-'. That mapping is not one-to-one ("alice-my/app" and "alice/my-app" both give
// "alice-my-app"), so the label is chosen once, at creation, and stored: a Space whose plain
// label is taken gets it with a random suffix, never another Space's traffic.
#include <string>
#include <string_view>

namespace berth::spaces {

// The most a DNS label may hold.
inline constexpr size_t kMaxHostLabel = 63;

// "{owner}-{name}", lowercase, [^a-z0-9-] → '-'; longer than a DNS label allows: cut, with a
// hash of the id appended so that two long names sharing a prefix still differ.
std::string plain_host_label(std::string_view owner, std::string_view name);
// `plain` with "-" and `suffix` appended, cut so that the whole fits a DNS label.
std::string suffixed_host_label(std::string_view plain, std::string_view suffix);
// Eight random lowercase hex digits: a suffix no one can choose a name to collide with.
std::string random_label_suffix();

}  // namespace berth::spaces

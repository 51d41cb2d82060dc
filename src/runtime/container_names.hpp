#pragma once
// Docker-style generated names ("eager_turing") for containers created without --name, and
// the rule user-given names must follow.
#include <string>
#include <string_view>

namespace berth::runtime {

std::string generate_container_name();
// Docker's rule: [a-zA-Z0-9][a-zA-Z0-9_.-]+ ; throws InvalidArgumentError otherwise.
void validate_container_name(std::string_view name);

}  // namespace berth::runtime

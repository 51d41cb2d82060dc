#pragma once
// The Hub's naming rules for users, Space repos and Space variable/secret keys, so that a name
// Berth accepts is one the Hub accepts too and `huggingface_hub` clients never see a surprise.
#include <string_view>

namespace berth::spaces {

// [A-Za-z0-9][A-Za-z0-9-]{0,38} without "--".
bool is_valid_user_name(std::string_view name);
// [A-Za-z0-9][A-Za-z0-9._-]{0,95} without "--" or "..", not ending in '-', '.' or ".git"
// (huggingface_hub's validate_repo_id: the name must end on a word character).
bool is_valid_repo_name(std::string_view name);
// ^[a-zA-Z][_a-zA-Z0-9]*$: the key becomes an environment variable and a build argument.
bool is_valid_env_key(std::string_view key);

// Hub names compare without regard to ASCII letter case ("Alice" owns "alice/demo").
bool same_name(std::string_view a, std::string_view b);
// ASCII lowercase, for hostnames, image references and map keys built from names.
std::string lowercase(std::string_view name);

// The InvalidArgumentError texts for the rules above; each names the offending input.
void check_user_name(std::string_view name);
void check_repo_name(std::string_view name);
void check_env_key(std::string_view key);

}  // namespace berth::spaces

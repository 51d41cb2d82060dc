#include "spaces/commit/ndjson_commit_parser.hpp"

#include "base/base64.hpp"
#include "base/json.hpp"
#include "spaces/commit/git_tree.hpp"
#include "spaces/commit/repo_path.hpp"
#include "spaces/lfs_object_store.hpp"

namespace berth::spaces {

void NdjsonCommitParser::fail(const std::string& message, bool too_large) const {
  throw CommitPayloadError("line " + std::to_string(line_number_) + " of the commit: " + message,
                           too_large);
}

void NdjsonCommitParser::feed(std::string_view chunk) {
  total_ += chunk.size();
  if (total_ > limits_.max_body_bytes) {
    throw CommitPayloadError("the commit request is larger than " +
                                 std::to_string(limits_.max_body_bytes >> 20) +
                                 " MiB: upload large files through LFS",
                             true);
  }
  while (!chunk.empty()) {
    auto newline = chunk.find('\n');
    std::string_view piece = chunk.substr(0, newline);
    if (pending_.size() + piece.size() > limits_.max_line_bytes) {
      ++line_number_;
      fail("a line is longer than " + std::to_string(limits_.max_line_bytes >> 20) +
               " MiB: files this large go through LFS",
           true);
    }
    pending_.append(piece);
    if (newline == std::string_view::npos) return;
    chunk.remove_prefix(newline + 1);
    std::string line = std::move(pending_);
    pending_.clear();
    parse_line(line);
  }
}

CommitPayload NdjsonCommitParser::finish() {
  if (!pending_.empty()) {
    std::string line = std::move(pending_);
    pending_.clear();
    parse_line(line);
  }
  if (!have_header_) {
    throw CommitPayloadError("the commit has no header line ({\"key\": \"header\", …})", false);
  }
  return std::move(payload_);
}

namespace {

const Json& value_object(const Json& line) {
  static const Json kEmpty = Json::object();
  auto it = line.find("value");
  return it != line.end() && it->is_object() ? *it : kEmpty;
}

}  // namespace

void NdjsonCommitParser::parse_line(std::string_view text) {
  ++line_number_;
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty()) return;
  Json line = Json::parse(text, nullptr, false);
  if (line.is_discarded() || !line.is_object()) fail("not a JSON object");
  auto key_it = line.find("key");
  if (key_it == line.end() || !key_it->is_string()) fail("\"key\" is missing");
  std::string key = key_it->get<std::string>();
  if (!line.contains("value") || !line["value"].is_object()) fail("\"value\" must be an object");
  const Json& value = value_object(line);

  auto string_field = [&](const char* name, bool required) -> std::string {
    auto it = value.find(name);
    if (it == value.end() || it->is_null()) {
      if (required) fail("\"" + key + "\" needs \"" + name + "\"");
      return {};
    }
    if (!it->is_string()) fail("\"" + std::string(name) + "\" must be a string");
    return it->get<std::string>();
  };
  auto path_field = [&](const char* name) {
    std::string path = string_field(name, true);
    if (auto problem = repo_path_problem(path)) {
      fail("invalid path \"" + path.substr(0, 200) + "\": " + *problem);
    }
    return path;
  };

  if (key == "header") {
    if (have_header_) fail("a second header");
    if (!payload_.operations.empty()) fail("the header must come first");
    have_header_ = true;
    CommitHeader& header = payload_.header;
    header.summary = string_field("summary", true);
    header.description = string_field("description", false);
    if (header.summary.find_first_not_of(" \t\r\n") == std::string::npos) {
      fail("the commit summary is empty");
    }
    if (header.summary.size() + header.description.size() > limits_.max_message_bytes) {
      fail("the commit message is longer than " + std::to_string(limits_.max_message_bytes >> 10) +
               " KiB",
           true);
    }
    if (header.summary.find('\0') != std::string::npos ||
        header.description.find('\0') != std::string::npos) {
      fail("the commit message contains a NUL byte");
    }
    std::string parent = string_field("parentCommit", false);
    if (!parent.empty()) {
      if (!is_object_id(parent)) fail("\"parentCommit\" is not a commit id (40 hex digits)");
      header.parent_commit = parent;
    }
    return;
  }
  if (!have_header_) fail("the header must come first");
  if (payload_.operations.size() >= limits_.max_operations) {
    fail("more than " + std::to_string(limits_.max_operations) + " operations in one commit", true);
  }
  if (key == "file") {
    AddFile add;
    add.path = path_field("path");
    std::string content = string_field("content", true);
    std::string encoding = string_field("encoding", false);
    if (encoding.empty() || encoding == "base64") {
      auto decoded = decode_base64(content);
      if (!decoded) fail("the content of " + add.path + " is not valid base64");
      add.content = std::move(*decoded);
    } else if (encoding == "utf-8" || encoding == "utf8") {
      add.content = std::move(content);
    } else {
      fail("unknown encoding \"" + encoding.substr(0, 40) + "\" (base64 or utf-8)");
    }
    payload_.operations.emplace_back(std::move(add));
  } else if (key == "lfsFile") {
    AddLfsFile add;
    add.path = path_field("path");
    std::string algo = string_field("algo", false);
    if (!algo.empty() && algo != "sha256") fail("LFS \"algo\" must be sha256");
    add.oid = string_field("oid", true);
    if (!is_lfs_oid(add.oid))
      fail("the LFS oid of " + add.path + " is not a sha256 (64 hex digits)");
    if (auto it = value.find("size"); it != value.end() && !it->is_null()) {
      if (!it->is_number_unsigned()) fail("the LFS size of " + add.path + " must be a count");
      add.size = it->get<std::uint64_t>();
      if (*add.size > limits_.max_lfs_size) fail("the LFS size of " + add.path + " is too large");
    }
    payload_.operations.emplace_back(std::move(add));
  } else if (key == "deletedFile") {
    payload_.operations.emplace_back(DeleteFile{path_field("path")});
  } else if (key == "deletedFolder") {
    std::string raw = string_field("path", true);
    auto folder = normalized_folder(raw);
    if (!folder) fail("invalid folder \"" + raw.substr(0, 200) + "\"");
    payload_.operations.emplace_back(DeleteFolder{*folder});
  } else if (key == "copyFile") {
    CopyFile copy;
    copy.path = path_field("path");
    copy.source = path_field("srcPath");
    if (value.contains("srcRevision") && !value["srcRevision"].is_null()) {
      fail("copyFile from another revision (\"srcRevision\") is not supported yet");
    }
    payload_.operations.emplace_back(std::move(copy));
  } else {
    fail("unknown key \"" + key.substr(0, 40) +
         "\" (header, file, lfsFile, deletedFile, deletedFolder, copyFile)");
  }
}

CommitPayload parse_commit_payload(std::string_view body, CommitLimits limits) {
  NdjsonCommitParser parser(limits);
  parser.feed(body);
  return parser.finish();
}

}  // namespace berth::spaces

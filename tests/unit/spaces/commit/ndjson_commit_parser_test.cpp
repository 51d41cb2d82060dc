#include "spaces/commit/ndjson_commit_parser.hpp"

#include <gtest/gtest.h>

#include "base/base64.hpp"
#include "base/json.hpp"

namespace berth::spaces {
namespace {

std::string ndjson_line(const std::string& key, const Json& value) {
  return Json{{"key", key}, {"value", value}}.dump() + "\n";
}

std::string header_line(const Json& extra = Json::object()) {
  Json value = {{"summary", "Upload files"}, {"description", "with a body"}};
  value.update(extra);
  return ndjson_line("header", value);
}

std::string file_line(const std::string& path, const std::string& content) {
  return ndjson_line("file",
                     {{"path", path}, {"content", encode_base64(content)}, {"encoding", "base64"}});
}

// The 400 or 413 a body gets, as CommitPayloadError's message and kind.
struct Refusal {
  std::string message;
  bool too_large = false;
};

std::optional<Refusal> refusal_of(const std::string& body, CommitLimits limits = {}) {
  try {
    parse_commit_payload(body, limits);
  } catch (const CommitPayloadError& e) {
    return Refusal{e.what(), e.too_large()};
  }
  return std::nullopt;
}

TEST(NdjsonCommitParser, EveryOperationInOrder) {
  const std::string oid(64, 'a');
  std::string body =
      header_line({{"parentCommit", std::string(40, 'b')}}) +
      file_line("README.md", "---\nsdk: docker\n---\n") +
      ndjson_line("lfsFile",
                  {{"path", "model.bin"}, {"algo", "sha256"}, {"oid", oid}, {"size", 12345}}) +
      ndjson_line("lfsFile", {{"path", "copy.bin"}, {"algo", "sha256"}, {"oid", oid}}) +
      ndjson_line("deletedFile", {{"path", "old.txt"}}) +
      ndjson_line("deletedFolder", {{"path", "logs/"}}) +
      ndjson_line("copyFile", {{"path", "b.txt"}, {"srcPath", "a.txt"}});
  CommitPayload payload = parse_commit_payload(body);
  EXPECT_EQ(payload.header.summary, "Upload files");
  EXPECT_EQ(payload.header.description, "with a body");
  EXPECT_EQ(payload.header.parent_commit, std::string(40, 'b'));
  ASSERT_EQ(payload.operations.size(), 6u);
  auto add = std::get<AddFile>(payload.operations[0]);
  EXPECT_EQ(add.path, "README.md");
  EXPECT_EQ(add.content, "---\nsdk: docker\n---\n");
  auto lfs = std::get<AddLfsFile>(payload.operations[1]);
  EXPECT_EQ(lfs.oid, oid);
  EXPECT_EQ(lfs.size, 12345u);
  EXPECT_EQ(std::get<AddLfsFile>(payload.operations[2]).size, std::nullopt);
  EXPECT_EQ(std::get<DeleteFile>(payload.operations[3]).path, "old.txt");
  EXPECT_EQ(std::get<DeleteFolder>(payload.operations[4]).path, "logs");
  EXPECT_EQ(std::get<CopyFile>(payload.operations[5]).source, "a.txt");
}

TEST(NdjsonCommitParser, PiecesSplitAnywhere) {
  std::string content(5000, 'x');
  content[100] = '\0';
  std::string body = header_line() + file_line("a/b.txt", content) + file_line("c.txt", "hi");
  body.pop_back();  // the last line may end without a newline
  for (std::size_t step : {1u, 7u, 4096u}) {
    NdjsonCommitParser parser;
    for (std::size_t i = 0; i < body.size(); i += step) {
      parser.feed(std::string_view(body).substr(i, step));
    }
    CommitPayload payload = parser.finish();
    ASSERT_EQ(payload.operations.size(), 2u) << step;
    EXPECT_EQ(std::get<AddFile>(payload.operations[0]).content, content);
    EXPECT_EQ(std::get<AddFile>(payload.operations[1]).path, "c.txt");
  }
}

TEST(NdjsonCommitParser, HostilePathsAreRefused) {
  for (const std::string& path : std::vector<std::string>{
           "../etc/passwd", "a/../../b", "/etc/passwd", ".git/config", "sub/.GIT/hooks/pre-receive",
           "a\\b", std::string("a\0b", 3), "a//b", "./a", "dir/", "", "a\nb"}) {
    auto refused = refusal_of(header_line() + file_line(path, "x"));
    ASSERT_TRUE(refused) << path;
    EXPECT_FALSE(refused->too_large);
    EXPECT_NE(refused->message.find("path"), std::string::npos) << refused->message;
    EXPECT_TRUE(refusal_of(header_line() + ndjson_line("deletedFile", {{"path", path}})));
  }
  EXPECT_TRUE(refusal_of(header_line() + ndjson_line("deletedFolder", {{"path", "/"}})));
  EXPECT_TRUE(refusal_of(header_line() + ndjson_line("deletedFolder", {{"path", "../x/"}})));
  EXPECT_TRUE(refusal_of(header_line() +
                         ndjson_line("copyFile", {{"path", "a"}, {"srcPath", "../../secret"}})));
}

TEST(NdjsonCommitParser, MalformedLinesAreRefused) {
  const std::string oid(64, 'c');
  std::vector<std::string> bodies = {
      "",                                                    // no header
      file_line("a", "x"),                                   // header missing
      header_line() + header_line(),                         // two headers
      header_line() + "{not json\n",                         // broken JSON
      header_line() + "[1,2]\n",                             // not an object
      header_line() + ndjson_line("rmrf", {{"path", "a"}}),  // unknown key
      header_line() + Json{{"key", "file"}, {"value", "x"}}.dump() + "\n",
      header_line() + ndjson_line("file", {{"path", "a"}, {"content", "!!!not base64"}}),
      header_line() + ndjson_line("file", {{"path", "a"}, {"content", "YQ="}}),
      header_line() + ndjson_line("file", {{"path", "a"}, {"content", 5}}),
      header_line() +
          ndjson_line("file", {{"path", "a"}, {"content", "YQ=="}, {"encoding", "gzip"}}),
      header_line() + ndjson_line("lfsFile", {{"path", "a"}, {"oid", "abc"}, {"size", 1}}),
      header_line() + ndjson_line("lfsFile", {{"path", "a"}, {"oid", std::string(64, 'G')}}),
      header_line() + ndjson_line("lfsFile", {{"path", "a"}, {"oid", oid}, {"size", -1}}),
      header_line() + ndjson_line("lfsFile", {{"path", "a"}, {"oid", oid}, {"size", "12"}}),
      header_line() + ndjson_line("lfsFile", {{"path", "a"}, {"oid", oid}, {"algo", "md5"}}),
      header_line() + ndjson_line("lfsFile", {{"path", "a"}, {"oid", oid}, {"size", 1e30}}),
      header_line({{"parentCommit", "--upload-pack=evil"}}),
      header_line({{"parentCommit", "HEAD~1"}}),
      header_line({{"summary", ""}}),
      header_line({{"summary", "   "}}),
      header_line({{"summary", std::string("a\0b", 3)}}),
      header_line({{"summary", 42}}),
  };
  for (const auto& body : bodies) {
    auto refused = refusal_of(body);
    ASSERT_TRUE(refused) << body;
    EXPECT_FALSE(refused->too_large) << body;
  }
  // The header must come before any operation.
  EXPECT_TRUE(refusal_of(file_line("a", "x") + header_line()));
}

TEST(NdjsonCommitParser, BoundsAreTooLarge) {
  CommitLimits limits;
  limits.max_line_bytes = 1000;
  limits.max_body_bytes = 5000;
  limits.max_operations = 3;
  limits.max_message_bytes = 100;
  auto line = refusal_of(header_line() + file_line("a", std::string(2000, 'x')), limits);
  ASSERT_TRUE(line);
  EXPECT_TRUE(line->too_large);
  // A line without any newline is cut off as soon as it passes the bound, not at the end.
  NdjsonCommitParser endless(limits);
  endless.feed(header_line());
  EXPECT_THROW(
      {
        for (int i = 0; i < 100; ++i) endless.feed(std::string(100, 'x'));
      },
      CommitPayloadError);
  std::string body = header_line();
  for (int i = 0; i < 10; ++i)
    body += ndjson_line("deletedFile", {{"path", "f" + std::to_string(i)}});
  auto count = refusal_of(body, limits);
  ASSERT_TRUE(count);
  EXPECT_TRUE(count->too_large);
  EXPECT_NE(count->message.find("more than 3 operations"), std::string::npos) << count->message;
  std::string big = header_line();
  while (big.size() < 6000) big += "\n";
  auto total = refusal_of(big, limits);
  ASSERT_TRUE(total);
  EXPECT_TRUE(total->too_large);
  auto message = refusal_of(header_line({{"description", std::string(200, 'd')}}), limits);
  ASSERT_TRUE(message);
  EXPECT_TRUE(message->too_large);
  auto lfs =
      refusal_of(header_line() + ndjson_line("lfsFile", {{"path", "a"},
                                                         {"oid", std::string(64, 'a')},
                                                         {"size", limits.max_lfs_size + 1}}));
  ASSERT_TRUE(lfs);
}

TEST(NdjsonCommitParser, CopyFromAnotherRevisionIsNotSupportedYet) {
  auto refused =
      refusal_of(header_line() +
                 ndjson_line("copyFile", {{"path", "b"}, {"srcPath", "a"}, {"srcRevision", "v1"}}));
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->message.find("not supported yet"), std::string::npos);
}

}  // namespace
}  // namespace berth::spaces

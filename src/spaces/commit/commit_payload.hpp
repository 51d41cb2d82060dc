#pragma once
// What a commit request asks for (the Hub's commit API, one NDJSON line each): a header with
// the message and the parent it expects, then the operations in order.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace berth::spaces {

struct CommitHeader {
  std::string summary;
  std::string description;
  std::optional<std::string> parent_commit;  // 40 hex digits
};

struct AddFile {  // "file": the content itself
  std::string path;
  std::string content;
};
struct AddLfsFile {  // "lfsFile": an object uploaded through the LFS batch API beforehand
  std::string path;
  std::string oid;
  std::optional<std::uint64_t> size;  // absent when a client copies a file it knows is in LFS
};
struct DeleteFile {  // "deletedFile"
  std::string path;
};
struct DeleteFolder {  // "deletedFolder": every file below the folder
  std::string path;    // without trailing '/'
};
struct CopyFile {  // "copyFile": a file of the parent commit (after the operations before it)
  std::string path;
  std::string source;
};

using CommitOperation = std::variant<AddFile, AddLfsFile, DeleteFile, DeleteFolder, CopyFile>;

struct CommitPayload {
  CommitHeader header;
  std::vector<CommitOperation> operations;
};

}  // namespace berth::spaces

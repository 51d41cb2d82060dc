#include "server/lfs/lfs_batch.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>

#include "base/digest.hpp"
#include "base/fs.hpp"

namespace berth::server {
namespace {

Json fake_link(std::string_view action, const std::string& oid, std::uint64_t size) {
  return Json{{"href", std::string(action) + "/" + oid + "/" + std::to_string(size)}};
}

int refusal_status(const std::string& body) {
  try {
    parse_lfs_batch_request(body);
  } catch (const LfsBatchError& e) {
    return e.status;
  }
  return 0;
}

TEST(LfsBatch, UploadAsksOnlyForWhatIsMissing) {
  TempDir dir;
  spaces::LfsObjectStore store(dir.path());
  std::string present = "present";
  std::string present_oid = Digest::sha256_of(present).hex();
  store.put(present_oid, present);
  std::string missing_oid = Digest::sha256_of("missing").hex();
  auto request = parse_lfs_batch_request(Json{
      {"operation", "upload"},
      {"transfers", {"basic", "multipart"}},
      {"hash_algo", "sha256"},
      {"ref", {{"name", "main"}}},
      {"objects",
       {{{"oid", present_oid}, {"size", present.size()}},
        {{"oid", missing_oid}, {"size", 7}},
        {{"oid", "../../../etc/passwd"}, {"size", 1}},
        {{"oid", std::string(64, 'a')}, {"size", -5}},
        {{"oid", present_oid}, {"size", 999}},
        {{"size", 1}}}}}.dump());
  Json out = lfs_batch_response(request, store, fake_link);
  EXPECT_EQ(out["transfer"], "basic");
  ASSERT_EQ(out["objects"].size(), 6u);
  const Json& objects = out["objects"];
  EXPECT_FALSE(objects[0].contains("actions")) << objects[0];
  EXPECT_FALSE(objects[0].contains("error"));
  EXPECT_EQ(objects[1]["actions"]["upload"]["href"], "upload/" + missing_oid + "/7");
  EXPECT_EQ(objects[1]["actions"]["verify"]["href"], "verify/" + missing_oid + "/7");
  for (int i : {2, 3, 4, 5}) {
    EXPECT_EQ(objects[i]["error"]["code"], 422) << objects[i];
    EXPECT_TRUE(objects[i]["error"]["message"].is_string());
    EXPECT_TRUE(objects[i]["size"].is_number_integer());
    EXPECT_FALSE(objects[i].contains("actions"));
  }
}

TEST(LfsBatch, DownloadOfAMissingObjectIsItsOwn404) {
  TempDir dir;
  spaces::LfsObjectStore store(dir.path());
  std::string content = "data";
  std::string oid = Digest::sha256_of(content).hex();
  store.put(oid, content);
  auto request = parse_lfs_batch_request(
      Json{{"operation", "download"},
           {"objects", {{{"oid", oid}, {"size", 4}}, {{"oid", std::string(64, 'b')}, {"size", 4}}}}}
          .dump());
  Json out = lfs_batch_response(request, store, fake_link);
  EXPECT_EQ(out["objects"][0]["actions"]["download"]["href"], "download/" + oid + "/4");
  EXPECT_EQ(out["objects"][1]["error"]["code"], 404);
}

TEST(LfsBatch, MalformedRequests) {
  EXPECT_EQ(refusal_status("not json"), 422);
  EXPECT_EQ(refusal_status("[]"), 422);
  EXPECT_EQ(refusal_status(R"({"objects": []})"), 422);
  EXPECT_EQ(refusal_status(R"({"operation": "delete", "objects": []})"), 422);
  EXPECT_EQ(refusal_status(R"({"operation": "upload", "objects": {}})"), 422);
  EXPECT_EQ(refusal_status(R"({"operation": "upload", "transfers": ["ssh"], "objects": []})"), 422);
  EXPECT_EQ(refusal_status(R"({"operation": "upload", "hash_algo": "md5", "objects": []})"), 409);
  Json many = {{"operation", "upload"}, {"objects", Json::array()}};
  for (std::size_t i = 0; i <= kMaxBatchObjects; ++i) {
    many["objects"].push_back({{"oid", std::string(64, 'c')}, {"size", 1}});
  }
  EXPECT_EQ(refusal_status(many.dump()), 413);
  EXPECT_EQ(refusal_status(R"({"operation": "upload", "objects": []})"), 0);
  // huggingface.js spells sha256 "sha_256".
  EXPECT_EQ(refusal_status(R"({"operation": "upload", "hash_algo": "sha_256", "objects": []})"), 0);
}

TEST(LfsBatch, HugeSizesAreRefusedPerObject) {
  TempDir dir;
  spaces::LfsObjectStore store(dir.path());
  auto request = parse_lfs_batch_request(
      Json{{"operation", "upload"},
           {"objects", {{{"oid", std::string(64, 'd')}, {"size", kMaxLfsObjectSize + 1}}}}}
          .dump());
  Json out = lfs_batch_response(request, store, fake_link);
  EXPECT_EQ(out["objects"][0]["error"]["code"], 422);
}

// An upload request of `objects` (oid → size).
LfsBatchRequest upload_of(const std::vector<std::pair<std::string, std::int64_t>>& objects) {
  Json list = Json::array();
  for (const auto& [oid, size] : objects) list.push_back({{"oid", oid}, {"size", size}});
  return parse_lfs_batch_request(Json{{"operation", "upload"}, {"objects", list}}.dump());
}

int quota_refusal(const LfsBatchRequest& request, const spaces::LfsObjectStore& store,
                  std::uint64_t quota) {
  try {
    lfs_batch_response(request, store, fake_link, quota);
  } catch (const LfsBatchError& e) {
    EXPECT_NE(e.message.find("quota"), std::string::npos) << e.message;
    return e.status;
  }
  return 0;
}

TEST(LfsBatch, AnUploadPastTheQuotaIsRefusedWithTheSpecs507) {
  TempDir dir;
  spaces::LfsObjectStore store(dir.path());
  std::string stored(600, 's');
  store.put(Digest::sha256_of(stored).hex(), stored);
  std::string a = std::string(64, 'a'), b = std::string(64, 'b');
  EXPECT_EQ(quota_refusal(upload_of({{a, 400}}), store, 1000), 0) << "600 + 400 fits in 1000";
  EXPECT_EQ(quota_refusal(upload_of({{a, 401}}), store, 1000), 507);
  EXPECT_EQ(quota_refusal(upload_of({{a, 200}, {b, 201}}), store, 1000), 507) << "together";
  // The same oid twice is stored once; what the Space has already costs nothing more.
  EXPECT_EQ(quota_refusal(upload_of({{a, 300}, {a, 300}}), store, 1000), 0);
  EXPECT_EQ(
      quota_refusal(upload_of({{Digest::sha256_of(stored).hex(), 600}, {a, 400}}), store, 1000), 0);
  // Sizes that would wrap around are refused per object, never summed.
  EXPECT_EQ(quota_refusal(upload_of({{a, INT64_MAX}, {b, INT64_MAX}}), store, 1000), 0);
  EXPECT_EQ(quota_refusal(upload_of({{a, 1}}), store, 0), 0) << "0: no quota";
  auto download = parse_lfs_batch_request(
      Json{{"operation", "download"}, {"objects", {{{"oid", a}, {"size", 5000}}}}}.dump());
  EXPECT_EQ(quota_refusal(download, store, 1000), 0) << "downloads are never refused for it";
}

TEST(LfsBatch, QuotaMessagesSayWhatIsLeft) {
  EXPECT_EQ(lfs_quota_exceeded(5ull << 30, 5ull << 30, 10ull << 30), std::nullopt);
  auto message = lfs_quota_exceeded(9ull << 30, 3ull << 29, 10ull << 30);
  ASSERT_TRUE(message);
  EXPECT_EQ(*message,
            "This upload needs 1.5 GiB of LFS storage, and the Space has 1 GiB left of its "
            "10 GiB quota (berth serve --lfs-quota)");
  EXPECT_TRUE(lfs_quota_exceeded(11ull << 30, 1, 10ull << 30)) << "already over";
  EXPECT_TRUE(lfs_quota_exceeded(0, UINT64_MAX, 10ull << 30)) << "no overflow";
}

TEST(LfsBatch, AnUploadOfAPresentObjectRenewsItsGraceFromGarbageCollection) {
  TempDir dir;
  spaces::LfsObjectStore store(dir.path());
  std::string content = "weights";
  std::string oid = Digest::sha256_of(content).hex();
  store.put(oid, content);
  auto old = std::filesystem::file_time_type::clock::now() - std::chrono::hours(5);
  std::filesystem::last_write_time(store.path_of(oid), old);
  lfs_batch_response(upload_of({{oid, 7}}), store, fake_link);
  EXPECT_GT(std::filesystem::last_write_time(store.path_of(oid)),
            std::filesystem::file_time_type::clock::now() - std::chrono::minutes(1));
}

}  // namespace
}  // namespace berth::server

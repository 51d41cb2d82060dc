#include "server/lfs/lfs_batch.hpp"

#include <cstdio>
#include <set>

namespace berth::server {

LfsBatchRequest parse_lfs_batch_request(std::string_view body) {
  Json json = Json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    throw LfsBatchError{422, "the batch request is not a JSON object"};
  }
  LfsBatchRequest request;
  auto operation = json.find("operation");
  if (operation == json.end() || !operation->is_string() ||
      (*operation != "upload" && *operation != "download")) {
    throw LfsBatchError{422, "\"operation\" must be \"upload\" or \"download\""};
  }
  request.operation = operation->get<std::string>();
  if (auto transfers = json.find("transfers"); transfers != json.end() && !transfers->is_null()) {
    bool basic = false;
    if (transfers->is_array()) {
      for (const auto& t : *transfers) basic = basic || (t.is_string() && t == "basic");
    }
    if (!basic) throw LfsBatchError{422, "only the \"basic\" transfer is supported"};
  }
  if (auto algo = json.find("hash_algo"); algo != json.end() && !algo->is_null()) {
    // git-lfs's spelling, and huggingface.js's ("sha_256"), which the Hub accepts.
    if (!algo->is_string() || (*algo != "sha256" && *algo != "sha_256")) {
      throw LfsBatchError{409, "only the sha256 hash algorithm is supported"};
    }
  }
  auto objects = json.find("objects");
  if (objects == json.end() || !objects->is_array()) {
    throw LfsBatchError{422, "\"objects\" must be a list"};
  }
  if (objects->size() > kMaxBatchObjects) {
    throw LfsBatchError{
        413, "more than " + std::to_string(kMaxBatchObjects) + " objects in one batch request"};
  }
  for (const auto& object : *objects) {
    LfsBatchObject item;
    if (object.is_object()) {
      if (auto oid = object.find("oid"); oid != object.end() && oid->is_string()) {
        item.oid = oid->get<std::string>().substr(0, 128);
      }
      if (auto size = object.find("size"); size != object.end() && size->is_number_integer()) {
        item.size = size->get<std::int64_t>();
      }
    }
    request.objects.push_back(std::move(item));
  }
  return request;
}

namespace {

Json object_error(const LfsBatchObject& object, int code, const std::string& message) {
  return Json{{"oid", object.oid},
              {"size", object.size < 0 ? 0 : object.size},
              {"error", {{"code", code}, {"message", message}}}};
}

}  // namespace

namespace {

// "10 GiB", "1.5 MiB", "800 bytes": quotas are given in binary units (--lfs-quota 10g).
std::string binary_size(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(
      text, sizeof text,
      unit == 0 || value >= 100 || value == static_cast<int>(value) ? "%.0f %s" : "%.1f %s", value,
      kUnits[unit]);
  return text;
}

}  // namespace

std::optional<std::string> lfs_quota_exceeded(std::uint64_t used, std::uint64_t adding,
                                              std::uint64_t quota) {
  if (quota == 0 || (adding <= quota && used <= quota - adding)) return std::nullopt;
  return "This upload needs " + binary_size(adding) + " of LFS storage, and the Space has " +
         binary_size(used > quota ? 0 : quota - used) + " left of its " + binary_size(quota) +
         " quota (berth serve --lfs-quota)";
}

namespace {

// The bytes the upload's objects that the Space lacks will take, each oid counted once.
std::uint64_t upload_bytes(const LfsBatchRequest& request, const spaces::LfsObjectStore& store) {
  std::set<std::string> counted;
  std::uint64_t total = 0;
  for (const auto& object : request.objects) {
    if (!spaces::is_lfs_oid(object.oid) || object.size < 0 ||
        static_cast<std::uint64_t>(object.size) > kMaxLfsObjectSize ||
        !counted.insert(object.oid).second || store.size_of(object.oid)) {
      continue;
    }
    total += static_cast<std::uint64_t>(object.size);
  }
  return total;
}

}  // namespace

Json lfs_batch_response(const LfsBatchRequest& request, const spaces::LfsObjectStore& store,
                        const LfsActionLink& link, std::uint64_t quota_bytes) {
  if (request.operation == "upload" && quota_bytes > 0) {
    if (auto message =
            lfs_quota_exceeded(store.used_bytes(), upload_bytes(request, store), quota_bytes)) {
      throw LfsBatchError{507, *message};
    }
  }
  Json objects = Json::array();
  for (const auto& object : request.objects) {
    if (!spaces::is_lfs_oid(object.oid)) {
      objects.push_back(object_error(object, 422, "the oid is not a sha256 (64 hex digits)"));
      continue;
    }
    if (object.size < 0 || static_cast<std::uint64_t>(object.size) > kMaxLfsObjectSize) {
      objects.push_back(object_error(object, 422, "the size is not a valid object size"));
      continue;
    }
    auto size = static_cast<std::uint64_t>(object.size);
    auto stored = store.size_of(object.oid);
    Json entry = {{"oid", object.oid}, {"size", size}, {"authenticated", true}};
    if (request.operation == "download") {
      if (stored != size) {
        objects.push_back(object_error(object, 404, "Object does not exist"));
        continue;
      }
      entry["actions"] = {{"download", link("download", object.oid, size)}};
    } else if (stored && *stored != size) {
      objects.push_back(object_error(object, 422, "the size does not match the stored object's"));
      continue;
    } else if (stored && store.touch(object.oid)) {
      // Present: no action, the client skips it; garbage collection waits for its commit.
    } else {  // missing, or collected between the look and the touch: uploaded again
      entry["actions"] = {{"upload", link("upload", object.oid, size)},
                          {"verify", link("verify", object.oid, size)}};
    }
    objects.push_back(std::move(entry));
  }
  return Json{{"transfer", "basic"}, {"objects", objects}, {"hash_algo", "sha256"}};
}

}  // namespace berth::server

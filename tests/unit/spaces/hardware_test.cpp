#include "spaces/hardware.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::spaces {
namespace {

constexpr int64_t kGiB = int64_t{1} << 30;

TEST(Hardware, CpuFlavorsFitTheMachine) {
  auto big = resolve_hardware("cpu-upgrade", MachineFacts{64, 256 * kGiB, false});
  EXPECT_EQ(big.cpus, 8);
  EXPECT_EQ(big.memory_bytes, 32 * kGiB);
  EXPECT_TRUE(big.note.empty());
  auto small = resolve_hardware("cpu-basic", MachineFacts{1, 4 * kGiB, false});
  EXPECT_EQ(small.cpus, 1);
  // A Space never gets the whole machine: the host keeps an eighth (512 MiB at least).
  EXPECT_EQ(small.memory_bytes, 4 * kGiB - 512 * (int64_t{1} << 20));
  EXPECT_NE(small.note.find("1 vCPU / 3584Mi"), std::string::npos) << small.note;
  auto eight = resolve_hardware("cpu-basic", MachineFacts{4, 8 * kGiB, false});
  EXPECT_EQ(eight.memory_bytes, 7 * kGiB);
  auto exact = resolve_hardware("cpu-basic", MachineFacts{4, 16 * kGiB, false});
  EXPECT_EQ(exact.memory_bytes, 14 * kGiB) << "16 GiB on a 16 GiB host leaves the host nothing";
  EXPECT_EQ(format_memory(16 * kGiB), "16Gi");
}

TEST(Hardware, DiskIsTheFlavorsEphemeralDisk) {
  // Not clamped to the host's free space: the cap is sparse, a ceiling rather than a reservation.
  EXPECT_EQ(resolve_hardware("cpu-basic", MachineFacts{1, 4 * kGiB, false}).disk_bytes, 50 * kGiB);
  EXPECT_EQ(resolve_hardware("cpu-upgrade", MachineFacts{64, 256 * kGiB, false}).disk_bytes,
            50 * kGiB);
}

TEST(Hardware, GpuFlavorsAndUnknownNamesAreRefused) {
  try {
    resolve_hardware("t4-small", MachineFacts{4, 8 * kGiB, false});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("this machine has none"), std::string::npos);
  }
  try {
    resolve_hardware("t4-small", MachineFacts{4, 8 * kGiB, true});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not supported yet"), std::string::npos);
  }
  EXPECT_THROW(resolve_hardware("cpu-huge", MachineFacts{}), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::spaces

#pragma once
// A bounded hand-off of byte chunks between one producer thread and one consumer thread. A
// fixed pool of buffers circulates, so the producer can never run more than the pool ahead of
// the consumer and no memory is allocated per chunk.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace berth::image {

struct Chunk {
  std::unique_ptr<char[]> data;
  size_t capacity = 0;
  size_t size = 0;
};

class ChunkQueue {
 public:
  ChunkQueue(size_t chunks, size_t chunk_bytes);

  // Producer side. acquire() blocks for a free buffer; nullopt once the consumer cancelled.
  std::optional<Chunk> acquire();
  void push(Chunk chunk);
  // Producer is done; `error` (if any) is rethrown to the consumer after the queued chunks.
  void close(std::exception_ptr error = nullptr);

  // Consumer side. pop() blocks for the next chunk; nullopt at end of stream; rethrows the
  // producer's error. Chunks go back with release().
  std::optional<Chunk> pop();
  void release(Chunk chunk);
  // The consumer stops reading: wakes and stops the producer.
  void cancel();

 private:
  std::mutex mu_;
  std::condition_variable free_cv_;
  std::condition_variable full_cv_;
  std::vector<Chunk> free_;
  std::deque<Chunk> full_;
  bool closed_ = false;
  bool cancelled_ = false;
  std::exception_ptr error_;
};

}  // namespace berth::image

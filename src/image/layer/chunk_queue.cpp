#include "image/layer/chunk_queue.hpp"

namespace berth::image {

ChunkQueue::ChunkQueue(size_t chunks, size_t chunk_bytes) {
  for (size_t i = 0; i < chunks; ++i) {
    free_.push_back(Chunk{std::make_unique<char[]>(chunk_bytes), chunk_bytes, 0});
  }
}

std::optional<Chunk> ChunkQueue::acquire() {
  std::unique_lock lock(mu_);
  free_cv_.wait(lock, [&] { return cancelled_ || !free_.empty(); });
  if (cancelled_) return std::nullopt;
  Chunk c = std::move(free_.back());
  free_.pop_back();
  c.size = 0;
  return c;
}

void ChunkQueue::push(Chunk chunk) {
  {
    std::lock_guard lock(mu_);
    full_.push_back(std::move(chunk));
  }
  full_cv_.notify_one();
}

void ChunkQueue::close(std::exception_ptr error) {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    error_ = std::move(error);
  }
  full_cv_.notify_all();
}

std::optional<Chunk> ChunkQueue::pop() {
  std::unique_lock lock(mu_);
  full_cv_.wait(lock, [&] { return closed_ || !full_.empty(); });
  if (!full_.empty()) {
    Chunk c = std::move(full_.front());
    full_.pop_front();
    return c;
  }
  if (error_) std::rethrow_exception(error_);
  return std::nullopt;
}

void ChunkQueue::release(Chunk chunk) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(std::move(chunk));
  }
  free_cv_.notify_one();
}

void ChunkQueue::cancel() {
  {
    std::lock_guard lock(mu_);
    cancelled_ = true;
  }
  free_cv_.notify_all();
}

}  // namespace berth::image

#pragma once
// An ostream that hands each complete line (without its newline) to a sink: the builder
// writes its progress to a stream, the deploy log takes lines. Writes from several threads
// (the builder's parallel stages) are serialized, so lines never interleave.
#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>

#include "spaces/image_builder.hpp"

namespace berth::spaces {

class LogLineStream : public std::ostream {
 public:
  explicit LogLineStream(LogLineSink sink) : std::ostream(&buffer_), buffer_(std::move(sink)) {}
  // The last line, if it had no newline.
  ~LogLineStream() override { buffer_.flush_partial(); }

 private:
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(LogLineSink sink) : sink_(std::move(sink)) {}
    void flush_partial();

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;

   private:
    void put(const char* s, size_t n);
    LogLineSink sink_;
    std::string partial_;
    std::mutex mutex_;
  };
  Buffer buffer_;
};

}  // namespace berth::spaces

// CPU work of one request split across threads, for results whose shaping
// costs more than the statement (rolling windows' samples, decoded and
// sorted per group).
#ifndef DORA_COMMON_PARALLEL_CHUNKS_H_
#define DORA_COMMON_PARALLEL_CHUNKS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace dora {

// Splits [0, weights.size()) into min(threads, weights.size()) contiguous
// chunks of about equal summed weight (none empty) and calls work(begin, end) once per
// chunk: the first chunk on the calling thread, each other on a thread of
// its own. Returns when every call has returned. With threads <= 1, or one
// item, it is one call on the calling thread. `work` is called concurrently
// for distinct chunks: it must only write what its chunk owns.
void ForEachChunk(const std::vector<uint64_t>& weights, size_t threads,
                  const std::function<void(size_t begin, size_t end)>& work);

// The contiguous chunks ForEachChunk uses: chunk i is
// [bounds[i], bounds[i + 1]). Empty for no weights.
std::vector<size_t> ChunkBounds(const std::vector<uint64_t>& weights, size_t threads);

// Threads for one request's CPU work: the machine's cores, from 1 to 4.
size_t RequestThreads();

// Threads for reading `bytes` of cells: 1 below 256 KiB, where starting
// threads would cost more than they save, else RequestThreads().
size_t ThreadsForBytes(uint64_t bytes);

}  // namespace dora

#endif  // DORA_COMMON_PARALLEL_CHUNKS_H_
